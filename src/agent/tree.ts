// Folder trees as plain maps (relative path → text), read without following links: what an agent leaves in its
// workspace is hostile, so a symlink, a device, a huge or binary file is reported, never read through.
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Files } from './benchmark.ts';

export interface TreeLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxFiles: 200, maxFileBytes: 256 * 1024, maxTotalBytes: 2 * 1024 * 1024 };

/** Folders never part of a tree (caches the test runners write). */
const IGNORED = new Set(['__pycache__', 'node_modules', '.git']);

export interface ReadTree {
  files: Files;
  /** What was not read, and why (a symlink, a special file, beyond a limit). */
  problems: string[];
}

export function readTree(dir: string, limits: TreeLimits = DEFAULT_TREE_LIMITS): ReadTree {
  const files: Files = {};
  const problems: string[] = [];
  let total = 0;
  let count = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const rel = relative(dir, full);
      const st = lstatSync(full);
      if (st.isDirectory()) {
        if (!IGNORED.has(name)) walk(full);
        continue;
      }
      if (st.isSymbolicLink()) {
        problems.push(`${rel} is a symbolic link`);
        continue;
      }
      if (!st.isFile()) {
        problems.push(`${rel} is not a regular file`);
        continue;
      }
      if (name.endsWith('.pyc')) continue;
      if (++count > limits.maxFiles) {
        problems.push(`more than ${limits.maxFiles} files`);
        return;
      }
      if (st.size > limits.maxFileBytes) {
        problems.push(`${rel} is ${st.size} bytes (limit ${limits.maxFileBytes})`);
        continue;
      }
      total += st.size;
      if (total > limits.maxTotalBytes) {
        problems.push(`more than ${limits.maxTotalBytes} bytes in all`);
        return;
      }
      const buf = readFileSync(full);
      if (buf.includes(0)) {
        problems.push(`${rel} is binary`);
        continue;
      }
      files[rel] = buf.toString('utf8');
    }
  };
  walk(dir);
  return { files, problems };
}

/** Writes `files` under `dir` (folders created as needed). Paths were checked by the caller (see safePath). */
export function writeTree(dir: string, files: Files): void {
  for (const [rel, text] of Object.entries(files)) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** A relative path that stays inside its folder: no absolute path, no `..`, no empty or dot segments. */
export function safePath(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false;
  return rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export interface TreeChange {
  /** Files added or modified, with their new text. */
  changed: Files;
  /** Files removed. */
  removed: string[];
  /** Unified diff, file by file, in path order. */
  diff: string;
}

/** What changed from `before` to `after`. */
export function diffTrees(before: Files, after: Files): TreeChange {
  const changed: Files = {};
  const removed: string[] = [];
  const parts: string[] = [];
  for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const a = before[path];
    const b = after[path];
    if (a === b) continue;
    if (b === undefined) removed.push(path);
    else changed[path] = b;
    parts.push(
      createTwoFilesPatch(a === undefined ? '/dev/null' : `a/${path}`, b === undefined ? '/dev/null' : `b/${path}`, a ?? '', b ?? '', '', '', { context: 3 }),
    );
  }
  return { changed, removed, diff: parts.join('') };
}

/** `base` with a change applied. */
export function applyChange(base: Files, change: Pick<TreeChange, 'changed' | 'removed'>): Files {
  const out: Files = { ...base, ...change.changed };
  for (const path of change.removed) delete out[path];
  return out;
}
