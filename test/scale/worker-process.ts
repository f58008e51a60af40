// A `kaizen worker` process run from the TypeScript sources (bin/kaizen.js prefers a possibly stale dist/).
import { Command } from 'commander';
import { registerWorker } from '../../src/cli/worker.ts';

const program = new Command().name('kaizen');
registerWorker(program);
await program.parseAsync(process.argv);
