import { resolve } from 'node:path';
import { KaizenError } from '../errors.ts';
import { HILLS, type HillName } from '../tasks/corewar.ts';
import { redQueen, verifyRedQueen } from '../tasks/redqueen.ts';

export interface RedQueenCliOptions {
  seedWarrior?: string;
  initial?: string[];
  heldOut?: string[];
  hill: string;
  rounds: number;
  budget: number;
  battleRounds: number;
  scoring: string;
  seed: number;
  concurrency?: number;
  out: string;
  verify?: string;
  json?: boolean;
}

/**
 * `kaizen corewar redqueen`: a line per round, then where the report went (JSON rounds last with --json).
 * With --verify DIR: fights DIR's recorded battles again and lists the figures that differ (exit code 1 if any).
 */
export async function redQueenAction(opts: RedQueenCliOptions, typed: readonly string[] = []): Promise<void> {
  const say = (text: string) => (opts.json ? process.stderr : process.stdout).write(`${text}\n`);
  if (opts.verify) {
    const runOptions = typed.filter((k) => k !== 'verify' && k !== 'json').map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    if (runOptions.length) throw new KaizenError(`--verify re-fights a recorded run with its own settings; drop ${runOptions.join(', ')}`);
    const v = await verifyRedQueen(opts.verify);
    for (const d of v.differences) say(`differs: ${d.path}: recorded ${JSON.stringify(d.recorded)}, re-fought ${JSON.stringify(d.refought)}`);
    say(
      v.ok
        ? `verified: ${v.figures} figures of ${v.rounds} rounds and report.md agree with the re-fought battles`
        : `${v.differences.length} of ${v.figures} figures differ`,
    );
    if (opts.json) process.stdout.write(`${JSON.stringify(v)}\n`);
    if (!v.ok) process.exitCode = 1;
    return;
  }
  if (!opts.seedWarrior || !opts.initial?.length) throw new KaizenError('--seed-warrior and --initial are required (or --verify DIR)');
  if (!(opts.hill in HILLS)) throw new KaizenError(`--hill: unknown hill "${opts.hill}"; use one of ${Object.keys(HILLS).join(', ')}`);
  if (opts.scoring !== 'drq' && opts.scoring !== 'pairwise') throw new KaizenError(`--scoring: "${opts.scoring}"; use drq or pairwise`);
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
    scoring: opts.scoring,
    seed: opts.seed,
    ...(opts.concurrency !== undefined && { config: { concurrency: opts.concurrency } }),
    onRound: (r) => say(r.line),
  });
  say(`report: ${resolve(out, 'report.md')}; battles: ${resolve(out, 'redqueen.json')}`);
  if (opts.json) process.stdout.write(`${JSON.stringify(rounds.map(({ line: _line, ...r }) => r))}\n`);
}
