import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runPmarsCli } from '../corewar/cli.ts';
import { KaizenError } from '../errors.ts';
import { HILLS, type HillName } from '../tasks/corewar.ts';
import { redQueen } from '../tasks/redqueen.ts';
import { parseIntOption } from './shared.ts';

/** pMARS's own flags, passed through untouched. */
function pmars(args: string[]): void {
  const out = runPmarsCli(args);
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}

export function registerCorewar(program: Command): void {
  const corewar = program.command('corewar').description('the Core War arena: pMARS-exact assembler and MARS, Red Queen evolution');
  corewar
    .command('battle')
    .description('fight warriors as pMARS does: [-r N] [-s N] [-c N] [-p N] [-l N] [-d N] [-S N] [-F N | -f] [-b] [-k] w1.red w2.red …')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action((args: string[]) => pmars(args));
  corewar
    .command('assemble')
    .description('print the load file of a warrior as `pmars -A` does (pMARS flags such as -s and -l apply)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action((args: string[]) => pmars(['-A', ...args]));
  corewar
    .command('redqueen')
    .description('Red Queen coevolution: each round evolves a warrior against the initial set and every earlier champion')
    .requiredOption('--seed-warrior <file>', 'the warrior round 1 starts from')
    .requiredOption('--initial <paths...>', 'initial opponents (files or folders)')
    .option('--held-out <paths...>', 'warriors never fought, to measure generality (e.g. the DRQ human warriors)')
    .option('--hill <name>', `hill: ${Object.keys(HILLS).join(', ')}`, '94nop')
    .option('--rounds <n>', 'Red Queen rounds', parseIntOption('--rounds'), 3)
    .option('--budget <n>', 'samples per round', parseIntOption('--budget'), 200)
    .option('--battle-rounds <n>', 'battle rounds per opponent', parseIntOption('--battle-rounds'), 20)
    .option('--seed <s>', 'random seed', parseIntOption('--seed'), 0)
    .option('--out <dir>', 'where champions, the database and report.md go', '.kaizen/redqueen')
    .option('--json', 'print the rounds as JSON on the last line')
    .action(async (opts) => {
      if (!(opts.hill in HILLS)) throw new KaizenError(`--hill: unknown hill "${opts.hill}"; use one of ${Object.keys(HILLS).join(', ')}`);
      const out = resolve(opts.out);
      const rounds = await redQueen({
        out,
        seedWarrior: opts.seedWarrior,
        initial: opts.initial,
        heldOut: opts.heldOut,
        hill: opts.hill as HillName,
        rounds: opts.rounds,
        budget: opts.budget,
        battleRounds: opts.battleRounds,
        seed: opts.seed,
        onRound: (r) => {
          const held = r.heldOut ? `; held-out ${r.heldOut.score.toFixed(4)} (beats ${r.heldOut.beaten}/${r.heldOut.of})` : '';
          const prev = r.earlierChampions ? `; beats ${r.beatsEarlierChampions}/${r.earlierChampions} earlier champions` : '';
          (opts.json ? process.stderr : process.stdout).write(`round ${r.round}: fitness ${r.fitness.toFixed(4)}${prev}${held}; champion ${r.champion}\n`);
        },
      });
      (opts.json ? process.stderr : process.stdout).write(`report: ${resolve(out, 'report.md')}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(rounds)}\n`);
    });
}
