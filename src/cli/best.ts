import { KaizenError } from '../errors.ts';
import { openExistingStore, pickRun, storeArg } from './shared.ts';

export interface BestOptions {
  db?: string;
  store?: string;
  run?: string;
}

/** `kaizen best`: the champion's code on stdout. */
export async function bestAction(dir: string, opts: BestOptions): Promise<void> {
  const store = await openExistingStore(dir, storeArg(opts));
  try {
    const run = await pickRun(store, opts.run);
    if (!run.best_program_id) throw new KaizenError(`run ${run.id} has no correct program yet`);
    const best = await store.getProgram(run.best_program_id);
    process.stdout.write(best!.code.endsWith('\n') ? best!.code : `${best!.code}\n`);
  } finally {
    await store.close();
  }
}
