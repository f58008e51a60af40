import { resolve } from 'node:path';
import { KaizenError } from '../errors.ts';
import { HILLS, type HillName } from '../tasks/corewar.ts';
import { redQueen } from '../tasks/redqueen.ts';

export interface RedQueenCliOptions {
  seedWarrior: string;
  initial: string[];
  heldOut?: string[];
  hill: string;
  rounds: number;
  budget: number;
  battleRounds: number;
  seed: number;
  out: string;
  json?: boolean;
}

/** `kaizen corewar redqueen`: a line per round, then where the report went (JSON rounds last with --json). */
export async function redQueenAction(opts: RedQueenCliOptions): Promise<void> {
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
}
