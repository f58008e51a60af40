import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The compile cache of the process backend: binaries (and compile errors) by sha256 of the compile command, the
 * program's file name and source, its support files, and the compiler's identity, so that the cases of one program
 * compile once, in this process and in later ones. Concurrent requests for one key share one compile. Entries are
 * `<key>.json` (the outcome) and, for a success, `<key>.bin`, each written under a temporary name and renamed; the
 * least recently used (by the `.json`'s mtime, touched on every hit) go beyond `maxEntries`. The folder is private
 * (0700, this user's, not a symlink; otherwise a private folder of the sandbox is used instead) and never visible to
 * candidates: a binary is copied into the evaluation's scratch folder.
 */

/** How long a compile took, and its outcome. */
export type CompileOutcome =
  | { ok: true; binary: string; compileMs: number; cached: boolean }
  | { ok: false; error: string; stderr: string; compileMs: number; cached: boolean };

/**
 * What a compile produced: a binary at `binary` (copied into the cache, then `cleanup` is called), or an error;
 * `cacheable: false` for failures that may not recur (time-out, memory).
 */
export type BuildResult =
  | { ok: true; binary: string; compileMs: number; cleanup?: () => Promise<void> }
  | { ok: false; error: string; stderr: string; compileMs: number; cacheable: boolean };

interface Stored {
  ok: boolean;
  compileMs: number;
  error?: string;
  stderr?: string;
}

/** The default cache folder: `KAIZEN_COMPILE_CACHE`, or `$XDG_CACHE_HOME/kaizen/compile` (`~/.cache/kaizen/compile`). */
export function defaultCompileCacheDir(): string {
  if (process.env.KAIZEN_COMPILE_CACHE) return process.env.KAIZEN_COMPILE_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kaizen', 'compile');
}

/** Creates `dir` (0700) and checks it is a real folder of this user that nobody else may write; throws otherwise. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error(`${dir} belongs to another user`);
  if ((st.mode & 0o022) !== 0) throw new Error(`${dir} is writable by others`);
  return dir;
}

const identities = new Map<string, Promise<string>>();

/** The compiler's path and the first line of `<compiler> --version` (asked once per path). */
export function compilerIdentity(path: string): Promise<string> {
  let known = identities.get(path);
  if (!known) {
    known = new Promise((resolvePromise) => {
      execFile(path, ['--version'], { timeout: 10_000, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } }, (error, stdout) => {
        resolvePromise(`${path}\n${error ? `unknown (${error.message})` : String(stdout).split('\n')[0]}`);
      });
    });
    identities.set(path, known);
  }
  return known;
}

/**
 * The cache key of a compile. Support files (headers beside the source) are part of it by name and content; without
 * any, the key is what it always was, so existing caches stay valid. The header (JSON, which never holds a raw NUL)
 * ends at the first NUL, so no source can pass for another request's header.
 */
export function compileKey(parts: {
  command: string[];
  programFile: string;
  code: string;
  compiler: string;
  files?: readonly { name: string; content: string }[];
}): string {
  const header: unknown[] = [parts.command, parts.programFile, parts.compiler];
  if (parts.files?.length) header.push(parts.files.map((f) => [f.name, f.content]));
  return createHash('sha256').update(JSON.stringify(header)).update('\0').update(parts.code).digest('hex');
}

export class CompileCache {
  readonly dir: string;
  private readonly maxEntries: number;
  private readonly inFlight = new Map<string, Promise<CompileOutcome>>();
  private stores = 0;

  constructor(dir: string, maxEntries = 500) {
    this.dir = dir;
    this.maxEntries = maxEntries;
  }

  /** The cached outcome for `key`, or `build()`'s (stored unless it is not cacheable). Callers waiting on another's compile get `cached: true`. */
  obtain(key: string, build: () => Promise<BuildResult>): Promise<CompileOutcome> {
    const hit = this.lookup(key);
    if (hit) return Promise.resolve(hit);
    const running = this.inFlight.get(key);
    if (running) return running.then((o) => ({ ...o, cached: true }));
    const promise = build()
      .then(async (built) => {
        try {
          return this.store(key, built);
        } finally {
          if (built.ok) await built.cleanup?.().catch(() => {});
        }
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private lookup(key: string): CompileOutcome | null {
    const meta = join(this.dir, `${key}.json`);
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(meta, 'utf8'));
    } catch {
      return null;
    }
    const now = new Date();
    try {
      utimesSync(meta, now, now);
    } catch {}
    if (stored.ok) {
      const binary = join(this.dir, `${key}.bin`);
      try {
        if (!statSync(binary).isFile()) return null;
      } catch {
        return null;
      }
      return { ok: true, binary, compileMs: stored.compileMs, cached: true };
    }
    return { ok: false, error: stored.error ?? 'compile error', stderr: stored.stderr ?? '', compileMs: stored.compileMs, cached: true };
  }

  private store(key: string, built: BuildResult): CompileOutcome {
    const tmp = `.tmp-${randomBytes(6).toString('hex')}`;
    const meta = join(this.dir, `${key}.json`);
    try {
      if (built.ok) {
        const binary = join(this.dir, `${key}.bin`);
        copyFileSync(built.binary, binary + tmp);
        renameSync(binary + tmp, binary);
        writeFileSync(meta + tmp, JSON.stringify({ ok: true, compileMs: built.compileMs } satisfies Stored));
        renameSync(meta + tmp, meta);
        this.prune();
        return { ok: true, binary, compileMs: built.compileMs, cached: false };
      }
      if (built.cacheable) {
        writeFileSync(meta + tmp, JSON.stringify({ ok: false, compileMs: built.compileMs, error: built.error, stderr: built.stderr } satisfies Stored));
        renameSync(meta + tmp, meta);
        this.prune();
      }
    } catch (e) {
      rmSync(join(this.dir, `${key}.bin${tmp}`), { force: true });
      rmSync(meta + tmp, { force: true });
      if (built.ok) throw new Error(`could not store the compiled binary in ${this.dir}: ${(e as Error).message}`);
    }
    return { ok: false, error: built.error, stderr: built.stderr, compileMs: built.compileMs, cached: false };
  }

  /** Removes the least recently used entries beyond `maxEntries` (checked every 20 stores and at the first). */
  private prune(): void {
    if (this.stores++ % 20 !== 0) return;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const metas = names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n));
    const now = Date.now();
    for (const n of names) {
      // Temporaries of a process killed mid-write.
      if (n.includes('.tmp-')) {
        try {
          if (now - statSync(join(this.dir, n)).mtimeMs > 3_600_000) rmSync(join(this.dir, n), { force: true });
        } catch {}
      }
    }
    if (metas.length <= this.maxEntries) return;
    const aged = metas
      .map((n) => {
        try {
          return { n, t: statSync(join(this.dir, n)).mtimeMs };
        } catch {
          return { n, t: 0 };
        }
      })
      .sort((a, b) => a.t - b.t);
    for (const { n } of aged.slice(0, metas.length - this.maxEntries)) {
      const key = n.slice(0, 64);
      rmSync(join(this.dir, `${key}.json`), { force: true });
      rmSync(join(this.dir, `${key}.bin`), { force: true });
    }
  }
}

/** The first `maxLines` lines of a compiler's messages, scratch paths shortened to the file names. */
export function compilerMessage(stderr: string, dir: string, maxLines = 20): string {
  const short = shortenPaths(stderr, dir);
  const lines = short.split('\n').filter((l) => l.trim().length > 0);
  const head = lines.slice(0, maxLines).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
  if (lines.length > maxLines) head.push(`… (${lines.length - maxLines} more lines)`);
  return head.join('\n');
}

export function shortenPaths(text: string, dir: string): string {
  return text.replaceAll(`${dir}/`, '').replaceAll(dir, '.');
}
