import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KaizenError } from '../errors.ts';
import { pmarsArgs, runPmars } from './pmars.ts';

/** The package's version; package.json sits two levels above both src/cli and dist/cli. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function buildProgram(): Promise<Command> {
  // Loaded here, not at the top: the command definitions pull in node:crypto and more (~10 ms), which the pMARS
  // command line (runPmars, which main() runs first) does not need.
  const { Command } = await import('commander');
  const c = await import('./commands.ts');
  const program = new Command()
    .name('kaizen')
    .description('Kaizen: evolve programs against a task, with every candidate recorded and sandboxed')
    .version(version())
    .showHelpAfterError();
  // In the order `kaizen --help` lists them.
  for (const register of [
    c.registerInit,
    c.registerRun,
    c.registerStatus,
    c.registerEval,
    c.registerCompare,
    c.registerStudy,
    c.registerPaper,
    c.registerReview,
    c.registerBest,
    c.registerExport,
    c.registerPrompts,
    c.registerCorewar,
    c.registerModels,
    c.registerVerify,
    c.registerReport,
    c.registerImprove,
    c.registerAgent,
    c.registerUi,
    c.registerWorker,
  ])
    register(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const pmars = pmarsArgs(argv);
  if (pmars) return runPmars(pmars); // before commander loads: see pmars.ts
  // A reader that goes away (`kaizen run … | head`) must not kill the command: a run goes on to its end with its
  // output discarded, a printing command finishes quietly. Node reports the broken pipe as an 'error' event on the
  // stream, which is fatal without a listener.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', ignoreBrokenPipe);
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

function ignoreBrokenPipe(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}
