import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KaizenError } from '../errors.ts';
import {
  registerAgent,
  registerBest,
  registerCompare,
  registerPaper,
  registerReview,
  registerStudy,
  registerEval,
  registerCorewar,
  registerExport,
  registerImprove,
  registerInit,
  registerModels,
  registerPrompts,
  registerReport,
  registerRun,
  registerStatus,
  registerUi,
  registerVerify,
  registerWorker,
} from './commands.ts';
import { pmarsArgs, runPmars } from './pmars.ts';

/** The package's version; package.json sits two levels above both src/cli and dist/cli. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function buildProgram(): Promise<Command> {
  const { Command } = await import('commander');
  const program = new Command()
    .name('kaizen')
    .description('Kaizen: evolve programs against a task, with every candidate recorded and sandboxed')
    .version(version())
    .showHelpAfterError();
  registerInit(program);
  registerRun(program);
  registerStatus(program);
  registerEval(program);
  registerCompare(program);
  registerStudy(program);
  registerPaper(program);
  registerReview(program);
  registerBest(program);
  registerExport(program);
  registerPrompts(program);
  registerCorewar(program);
  registerModels(program);
  registerVerify(program);
  registerReport(program);
  registerImprove(program);
  registerAgent(program);
  registerUi(program);
  registerWorker(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const pmars = pmarsArgs(argv);
  if (pmars) return runPmars(pmars); // before commander loads: see pmars.ts
  const { CommanderError } = await import('commander');
  try {
    await (await buildProgram()).parseAsync(argv);
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
