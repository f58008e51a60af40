// `kaizen improve` on its own (until src/cli/main.ts registers it): node test/improve/support/improve-cli.ts improve --suite basic
import { Command } from 'commander';
import { registerImprove } from '../../../src/cli/improve.ts';

const program = new Command().name('kaizen');
registerImprove(program);
await program.parseAsync(process.argv);
