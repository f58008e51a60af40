// `kaizen corewar battle|assemble`: pMARS's own command line, passed through untouched. main() runs these before it
// loads commander (which costs ~35 ms, mostly node:child_process), so a hill script that runs thousands of battles pays
// little more than Node's own start-up; the MARS itself imports nothing outside src/corewar/.
import { existsSync, writeSync } from 'node:fs';

/**
 * The pMARS command line's modules: from dist/, its bundle (scripts/bundle-corewar.ts: ~8 ms less to load than the ~30
 * modules), else, from a source checkout that runs the TypeScript, the modules themselves. Whether the bundle is there
 * is asked when a pMARS command runs, not when main.ts loads this file for every command.
 */
const bundle = new URL('../corewar/bundle/', import.meta.url);
const loadHelpers = (bundled: boolean): Promise<typeof import('../corewar/arena/helpers.ts')> =>
  bundled ? import(new URL('helpers.js', bundle).href) : import('../corewar/arena/helpers.ts');
const loadCli = (bundled: boolean): Promise<typeof import('../corewar/cli.ts')> =>
  bundled ? import(new URL('cli.js', bundle).href) : import('../corewar/cli.ts');

/** pMARS's arguments when argv is `… kaizen corewar battle|assemble ARGS`, else null. */
export function pmarsArgs(argv: readonly string[]): string[] | null {
  const [command, sub, ...args] = argv.slice(2);
  if (command !== 'corewar') return null;
  if (sub === 'battle') return args;
  if (sub === 'assemble') return ['-A', ...args];
  return null;
}

/**
 * Runs the pMARS command line and prints what pMARS would, with its exit code. Then it ends the process, as pMARS
 * does, rather than wait for the helper threads of a split battle to be torn down (~13 ms of a 1,000-round battle's
 * 330), unless some output is still on its way (a full pipe).
 */
export async function runPmars(args: string[]): Promise<void> {
  // A battle long enough to share between cores gets its helper threads now, so they boot while the MARS loads.
  const bundled = existsSync(new URL('cli.js', bundle));
  if (manyRounds(args)) (await loadHelpers(bundled)).startSplitHelpers();
  const { runPmarsCli } = await loadCli(bundled);
  const out = runPmarsCli(args);
  const stdoutWritten = writeOut(1, out.stdout);
  const stderrWritten = writeOut(2, out.stderr);
  if (stdoutWritten && stderrWritten) process.exit(out.exitCode);
  process.exitCode = out.exitCode;
}

/**
 * Writes straight to the file descriptor: process.stdout would load Node's stream modules first (~5 ms, a tenth of a
 * short battle's start-up). A descriptor that cannot take it all now (a non-blocking pipe that is full) gets the rest
 * through the stream, which waits for it: then this returns false (not all written yet).
 */
function writeOut(fd: 1 | 2, text: string): boolean {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return true; // the reader is gone (`| head`): nothing more to say
    if (code !== 'EAGAIN') throw e;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(done));
    return false;
  }
  return true;
}

/** Whether the arguments ask for enough rounds (`-r N`, N >= 8, or -P's every placement) to split a battle. */
function manyRounds(args: readonly string[]): boolean {
  return args.some((a, i) => a === '-P' || (a === '-r' && Number(args[i + 1]) >= 8));
}
