import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { isBundle } from '../program/bundle.ts';
import { writeProgram } from '../program/write.ts';
import { ensureDir } from '../util/files.ts';
import { openExistingStore, pickRun, storeArg } from './shared.ts';

export interface BestOptions {
  db?: string;
  store?: string;
  run?: string;
  output?: string;
}

/** `kaizen best`: the champion's code on stdout. */
export async function bestAction(dir: string, opts: BestOptions): Promise<void> {
  const store = await openExistingStore(dir, storeArg(opts));
  try {
    const run = await pickRun(store, opts.run);
    if (!run.best_program_id) throw new KaizenError(`run ${run.id} has no correct program yet`);
    const best = await store.getProgram(run.best_program_id);
    if (opts.output) {
      let written: string[];
      try {
        written = writeProgram(best!.code, await outputPath(dir, best!.code, opts.output));
      } catch (e) {
        throw new KaizenError(`--output ${opts.output}: cannot write the program there (${(e as Error).message})`);
      }
      process.stderr.write(`program ${best!.id} (score ${best!.score}) written to ${written.join(', ')}\n`);
      return;
    }
    // A program of several files prints as its bundle: each file under a "==> PATH <==" line.
    process.stdout.write(best!.code.endsWith('\n') ? best!.code : `${best!.code}\n`);
  } finally {
    await store.close();
  }
}

/**
 * Where `-o` puts a one-file program: a folder (a path ending in / or an existing folder, created if need be) gets the
 * file under the task's program name, as `cp FILE DIR/` would; any other path is the file itself. A program of several
 * files is always written as a folder (writeProgram).
 */
async function outputPath(dir: string, code: string, output: string): Promise<string> {
  if (isBundle(code)) return output;
  const isFolder = /[/\\]$/.test(output) || (existsSync(output) && statSync(output).isDirectory());
  if (!isFolder) return output;
  ensureDir(output);
  return join(output, basename((await loadTask(dir)).programPath));
}
