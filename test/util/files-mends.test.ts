import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { ensureDir } from '../../src/util/files.ts';
import { tempDir } from '../support/tmp.ts';

describe('ensureDir', () => {
  it('creates a nested folder, and is content when it exists', () => {
    const dir = join(tempDir(), 'a', 'b', 'c');
    ensureDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    ensureDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('fails at once under /proc, where a recursive mkdir spins forever, naming the folder', () => {
    const started = performance.now();
    expect(() => ensureDir('/proc/nope/deeper')).toThrow(/^\/proc\/nope: cannot create the folder: ENOENT/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(existsSync('/proc/nope')).toBe(false);
  });

  it('fails on a file in the way, naming it', () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, '');
    expect(() => ensureDir(join(file, 'sub'))).toThrow(`${file}: cannot create the folder: a file is in the way`);
  });

  it('a store under /proc is refused promptly', async () => {
    await expect(Store.open('/proc/nope/kaizen.db')).rejects.toThrow(/\/proc\/nope\/kaizen\.db: cannot create the run database there/);
  });
});
