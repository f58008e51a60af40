import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KaizenError } from '../errors.ts';
import { type BundleFile, BundleError, formatBundle, pathProblem } from '../program/bundle.ts';

/** Caps of a program folder: a small package, not a repository. */
const MAX_FILES = 64;
const MAX_BYTES = 2_000_000;

/**
 * A program folder read into one text (program/bundle.ts): the entry first, then every other file by path. Dot files
 * and dot folders are left out; links, special files, binary files and paths a program may not use are refused.
 * `where` names the task file in errors.
 */
export function readProgramFolder(dir: string, options: { entry?: string; frozen?: string[] }, where: string): { code: string; entry: string } {
  const paths: string[] = [];
  let bytes = 0;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(folder, name);
      const rel = relative(dir, path).split('\\').join('/');
      const st = lstatSync(path);
      if (st.isSymbolicLink()) throw new KaizenError(`${where}: field program: ${rel} is a link; a program folder holds plain files only`);
      if (st.isDirectory()) walk(path);
      else if (!st.isFile()) throw new KaizenError(`${where}: field program: ${rel} is not a plain file`);
      else {
        const problem = pathProblem(rel);
        if (problem) throw new KaizenError(`${where}: field program: the path ${rel} ${problem}`);
        bytes += st.size;
        paths.push(rel);
      }
      if (paths.length > MAX_FILES) throw new KaizenError(`${where}: field program: more than ${MAX_FILES} files in the program folder`);
      if (bytes > MAX_BYTES) throw new KaizenError(`${where}: field program: the program folder holds more than ${MAX_BYTES} bytes`);
    }
  };
  walk(dir);
  if (paths.length === 0) throw new KaizenError(`${where}: field program: the program folder has no files`);
  const entry = options.entry ?? defaultEntry(paths, where);
  if (!paths.includes(entry)) throw new KaizenError(`${where}: field entry: ${entry} is not a file of the program folder (${paths.join(', ')})`);
  for (const f of options.frozen ?? []) {
    if (!paths.includes(f)) throw new KaizenError(`${where}: field frozen: ${f} is not a file of the program folder (${paths.join(', ')})`);
  }
  const files: BundleFile[] = [entry, ...paths.filter((p) => p !== entry)].map((path) => {
    const content = readFileSync(join(dir, path), 'utf8');
    if (content.includes('\u0000')) throw new KaizenError(`${where}: field program: ${path} is a binary file; a program is text`);
    return { path, content, frozen: options.frozen?.includes(path) ?? false };
  });
  try {
    return { code: formatBundle(files), entry };
  } catch (e) {
    if (e instanceof BundleError) throw new KaizenError(`${where}: field program: ${e.message}`);
    throw e;
  }
}

function defaultEntry(paths: readonly string[], where: string): string {
  const candidates = paths.filter((p) => /^(main|index)\.[A-Za-z0-9]+$/.test(p));
  if (candidates.length === 1) return candidates[0];
  const why = candidates.length === 0 ? 'has no main.* or index.* file' : `has ${candidates.join(' and ')}`;
  throw new KaizenError(`${where}: field entry: required (the program folder ${why}); name the file the sandbox runs`);
}
