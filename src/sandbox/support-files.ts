import type { SupportFile } from './types.ts';

/** One folder or file name in a support file's path. */
const SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** Segments a support file's path may have (`a/b/c.js` has 3). */
export const SUPPORT_FILE_MAX_SEGMENTS = 8;
/** What a support file may be called, for error messages. */
const RULE = `segments of letters, digits, _ . - joined by /; no leading /, no backslash, no empty, . or .. segment; at most ${SUPPORT_FILE_MAX_SEGMENTS} segments`;

/** Why `name` cannot be a support file's path relative to the program's folder, or null. */
export function supportFileNameProblem(name: string): string | null {
  if (name === '') return 'it is empty';
  if (name.startsWith('/')) return 'it starts with /';
  if (name.includes('\\')) return 'it contains a backslash';
  const segments = name.split('/');
  if (segments.length > SUPPORT_FILE_MAX_SEGMENTS) return `it has more than ${SUPPORT_FILE_MAX_SEGMENTS} segments`;
  for (const segment of segments) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
    if (!SEGMENT.test(segment)) return `segment ${JSON.stringify(segment)} has characters other than letters, digits, _ . -`;
  }
  return null;
}

/**
 * Why a request's support files cannot be laid out beside its program, or null: each a valid relative path
 * ({@link supportFileNameProblem}), listed once, not one of the `reserved` names (name → what it is), and no name both
 * a file and a folder of another (`a` and `a/b`; reserved names count as files).
 */
export function supportFilesProblem(files: unknown, reserved: ReadonlyMap<string, string>): string | null {
  if (files === undefined) return null;
  if (!Array.isArray(files)) return 'support files (request.files) must be a list of { name, content }';
  const seen = new Set<string>();
  for (const file of files as unknown[]) {
    const { name, content } = (file ?? {}) as Partial<SupportFile>;
    if (typeof name !== 'string' || typeof content !== 'string') return 'a support file needs a name and a text content ({ name, content })';
    const bad = supportFileNameProblem(name);
    if (bad) return `support file name ${JSON.stringify(name)} is not a valid relative path: ${bad} (${RULE})`;
    const clash = reserved.get(name);
    if (clash) return `support file name ${JSON.stringify(name)} is ${clash}`;
    if (seen.has(name)) return `support file ${JSON.stringify(name)} is given twice`;
    seen.add(name);
  }
  const fileNames = new Set([...seen, ...reserved.keys()]);
  for (const name of seen) {
    const segments = name.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (fileNames.has(folder)) {
        const what = reserved.get(folder) ?? 'a support file';
        return `support file name ${JSON.stringify(name)} needs a folder ${JSON.stringify(folder)}, which is ${what}`;
      }
    }
  }
  return null;
}

/** The folders a support file's path needs, outermost first (`a/b/c.js` → `a`, `a/b`). */
export function parentFolders(name: string): string[] {
  const segments = name.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) out.push(segments.slice(0, i).join('/'));
  return out;
}
