import type { Command } from 'commander';
import { KaizenError } from '../errors.ts';
import { openExistingStore, pickRun, STORE_HELP, storeArg } from './shared.ts';

export function registerBest(program: Command): void {
  program
    .command('best')
    .description("print the champion's code (default: the newest run)")
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run')
    .action(async (dir: string, opts: { db?: string; store?: string; run?: string }) => {
      const store = await openExistingStore(dir, storeArg(opts));
      try {
        const run = await pickRun(store, opts.run);
        if (!run.best_program_id) throw new KaizenError(`run ${run.id} has no correct program yet`);
        const best = await store.getProgram(run.best_program_id);
        process.stdout.write(best!.code.endsWith('\n') ? best!.code : `${best!.code}\n`);
      } finally {
        await store.close();
      }
    });
}
