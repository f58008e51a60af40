import { Command, CommanderError } from 'commander';
import { KaizenError } from '../errors.ts';
import { registerBest } from './best.ts';
import { registerCorewar } from './corewar.ts';
import { registerExport } from './export.ts';
import { registerImprove } from './improve.ts';
import { registerInit } from './init.ts';
import { registerModels } from './models.ts';
import { registerReport } from './report.ts';
import { registerRun } from './run.ts';
import { registerStatus } from './status.ts';
import { registerUi } from './ui.ts';
import { registerWorker } from './worker.ts';
import { registerVerify } from './verify.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('kaizen')
    .description('Kaizen: evolve programs against a task, with every candidate recorded and sandboxed')
    .showHelpAfterError();
  registerInit(program);
  registerRun(program);
  registerStatus(program);
  registerBest(program);
  registerExport(program);
  registerCorewar(program);
  registerModels(program);
  registerVerify(program);
  registerReport(program);
  registerImprove(program);
  registerUi(program);
  registerWorker(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof KaizenError) {
      process.stderr.write(`kaizen: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    throw e;
  }
}
