// Whole-process timing for the benchmarks: each command is spawned and waited for, the way a user or a hill script
// runs it, so start-up is included. Commands are measured interleaved (a, b, c, a, b, c, …) so that a load spike on a
// shared machine hits them all alike, and the median is reported.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Timed {
  label: string;
  argv: string[];
  /** Median wall time over the runs, ms. */
  medianMs: number;
  /** Each run's wall time, ms, in the order run (turn r of every command ran back to back). */
  times: number[];
  /** The last run's stdout, to check that the command did its job. */
  stdout: string;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * How many times faster `ours` ran than `theirs` turn by turn (their time / ours, turn r against turn r): the two ran
 * back to back in each turn, so the machine's drift between turns cancels. Printed as the median and the range.
 */
export function perTurn(ours: readonly number[], theirs: readonly number[]): string {
  const ratios = ours.map((ms, r) => theirs[r] / ms);
  return `per turn ${median(ratios).toFixed(2)}x [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`;
}

/**
 * How far a command's times moved across the turns: (slowest - fastest) / median. For a reference binary that does
 * the same work every turn on one thread, this is the machine's own unsteadiness during the run.
 */
export const spread = (times: readonly number[]): number => (Math.max(...times) - Math.min(...times)) / median(times);

/** Above this spread of pMARS's own times, the machine's speed moved during the run (see steadinessLine). */
export const UNSTEADY = 0.05;

/**
 * How steady the machine was during the run, read off pMARS: a single-threaded C program that does the same work in
 * every turn, so the spread of its times across the turns is the machine's own drift. This machine's speed moves by
 * 10-50% between minutes in some hours (pMARS's round-robin turns took 19.3-23.7 s in an earlier run, 15.7-16.2
 * s in five runs on the morning of 2026-12-07), and Kaizen (two threads) and the references (one process per core) do
 * not feel such moves alike, so only a steady run's ratios compare the simulators. Judged on the round robin's spread
 * (five turns of ~16 s) and the pairs' median: one pair's spread also moves with a single slow start of a 0.4 s process.
 */
export function steadinessLine(pairs: number[], robin: number | undefined): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const measures = [median(pairs), ...(robin === undefined ? [] : [robin])];
  const verdict = measures.every((x) => x <= UNSTEADY)
    ? `steady (within ${pct(UNSTEADY)})`
    : `UNSTEADY (above ${pct(UNSTEADY)}: the machine's speed moved during the run, so its ratios do not compare the simulators)`;
  const robinPart = robin === undefined ? '' : `round robin ${pct(robin)}, `;
  return `machine steadiness, pMARS's own times over its turns ((slowest - fastest) / median): ${robinPart}pairs median ${pct(median(pairs))} (${pct(Math.min(...pairs))}–${pct(Math.max(...pairs))}): ${verdict}`;
}

/** Runs each command `runs` times, interleaved, after one untimed warm-up run each; throws if one fails. */
export function timeProcesses(commands: { label: string; argv: string[] }[], runs: number): Timed[] {
  const times = commands.map(() => [] as number[]);
  const stdout = commands.map(() => '');
  for (let r = -1; r < runs; r++) {
    commands.forEach((c, i) => {
      const t0 = performance.now();
      const p = spawnSync(c.argv[0], c.argv.slice(1), { encoding: 'utf8' });
      const dt = performance.now() - t0;
      if (p.status !== 0) throw new Error(`${c.argv.join(' ')} exited with ${p.status ?? p.signal}: ${p.stderr || p.error?.message}`);
      if (r >= 0) times[i].push(dt);
      stdout[i] = p.stdout;
    });
  }
  return commands.map((c, i) => ({ ...c, medianMs: median(times[i]), times: times[i], stdout: stdout[i] }));
}

/** The checkout's root (bench/ is one level below it). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `node bin/kaizen.js …`, and which code it runs: dist/ when built (what users run), else src/. */
export function kaizen(...args: string[]): string[] {
  return [process.execPath, `${ROOT}bin/kaizen.js`, ...args];
}

export function kaizenRuns(): string {
  return existsSync(`${ROOT}dist/cli/main.js`)
    ? 'bin/kaizen.js runs dist/ (what an installed package runs; rebuild with `npm run build` after changing src/)'
    : 'bin/kaizen.js runs src/ through type stripping (no dist/: `npm run build` gives the figures an installed package has)';
}

/** A reference binary named by an environment variable ($PMARS, $EXMARS), if set and present. */
export function referenceBinary(variable: string): { path: string } | { missing: string } {
  const path = process.env[variable];
  if (!path) return { missing: `$${variable} is not set` };
  if (!existsSync(path)) return { missing: `$${variable}=${path} does not exist` };
  return { path };
}
