// The harness: one agent on one task. The agent runs confined (no network, no keys, only its own code read-only
// and a copy of the repository writable) and talks to the model through the broker; then its change is taken from
// the workspace (never through a link), applied to a fresh copy with the hidden tests placed beside it, and the
// hidden tests run in a second sandbox. Their exit status (and their own count of passed tests) is the score:
// nothing the agent printed or wrote about its tests counts.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChatModel } from '../models/types.ts';
import { type ConfinedResult, runConfined, startConfined } from '../sandbox/confined.ts';
import { removeTree } from '../sandbox/scratch.ts';
import { Broker, type BrokerCall, type BrokerLimits, type BrokerRecord, DEFAULT_BROKER_LIMITS } from './broker.ts';
import { type CodingTask, DEFAULT_HIDDEN_CPU_MS, type Files, publicTestLine, taskFiles } from './benchmark.ts';
import { applyChange, diffTrees, readTree, writeTree } from './tree.ts';

export interface HarnessLimits {
  /** Wall clock of one agent run (its whole process tree is killed then). */
  agentTimeoutMs: number;
  /** CPU time of the agent's whole process tree (its test runs included). */
  agentCpuMs: number;
  memoryMb: number;
  /** Processes the agent may have at once (RLIMIT_NPROC inside its sandbox). */
  processes: number;
  broker: BrokerLimits;
}

export const DEFAULT_HARNESS_LIMITS: HarnessLimits = {
  agentTimeoutMs: 120_000,
  agentCpuMs: 60_000,
  memoryMb: 1024,
  processes: 64,
  broker: DEFAULT_BROKER_LIMITS,
};

/** What the agent is asked: an issue on a repository (a benchmark task, or its own source for a self-edit). */
export interface Assignment {
  id: string;
  issue: string;
  /** The public test command line shown to the agent (may be empty). */
  tests: string;
  repo: Files;
}

export interface AgentRun {
  /** The agent's change to the repository. */
  changed: Files;
  removed: string[];
  diff: string;
  /** Files the harness refused to read from the workspace (links, special files, beyond limits). */
  problems: string[];
  process: Omit<ConfinedResult, 'stderr'> & { stderrTail: string };
  broker: BrokerRecord;
  /** Tool calls the agent logged itself (its `TOOL name` lines on stderr), against the broker's count. */
  markers: { agent: number; broker: number };
}

export interface HiddenResult {
  solved: boolean;
  exitCode: number | null;
  passed: number | null;
  failed: number | null;
  /** Why it does not count although the run exited 0, or why it stopped. */
  note: string | null;
  durationMs: number;
}

const NODE_BIN = dirname(process.execPath);
const PATH = `${NODE_BIN}:/usr/bin:/bin`;

/** A run's environment: nothing of the host's (no keys), a PATH with this Node first. */
function sandboxEnv(home: string): Record<string, string> {
  return { PATH, HOME: home, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' };
}

/** A private scratch folder; traversable (not listable) by the sandbox user, who runs as uid 65534 under root. */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'kaizen-agent-'));
  chmodSync(root, 0o711);
  return root;
}

/** Runs `agent` on `assignment` with `model` behind a broker. */
export async function runAgent(options: {
  agent: Files;
  assignment: Assignment;
  model: ChatModel;
  seed: number;
  limits?: HarnessLimits;
  onCall?: (call: BrokerCall) => void | Promise<void>;
}): Promise<AgentRun> {
  const limits = options.limits ?? DEFAULT_HARNESS_LIMITS;
  const root = scratchRoot();
  try {
    const agentDir = join(root, 'agent');
    const work = join(root, 'work');
    mkdirSync(agentDir);
    mkdirSync(work);
    writeTree(agentDir, options.agent);
    writeTree(work, options.assignment.repo);
    let proc: ReturnType<typeof startConfined> | null = null;
    const broker = new Broker({
      model: options.model,
      limits: limits.broker,
      seed: options.seed,
      onCall: options.onCall,
      kill: (why) => proc?.kill('killed', why),
      timeoutMs: Math.min(limits.agentTimeoutMs, 180_000),
    });
    proc = startConfined(
      {
        argv: [process.execPath, '--disable-warning=ExperimentalWarning', `--max-old-space-size=${Math.floor(limits.memoryMb / 2)}`, join(agentDir, 'main.ts')],
        cwd: work,
        writable: [work],
        readOnly: [agentDir, NODE_BIN],
        env: sandboxEnv(work),
        timeoutMs: limits.agentTimeoutMs,
        cpuMs: limits.agentCpuMs,
        memoryMb: limits.memoryMb,
        processes: limits.processes,
      },
      (line) => broker.handle(line, (answer) => proc?.send(answer)),
    );
    proc.send(JSON.stringify({ t: 'task', issue: options.assignment.issue, tests: options.assignment.tests }));
    const result = await proc.done;
    await broker.settle();
    const record = broker.finish();
    const after = readTree(work);
    const change = diffTrees(options.assignment.repo, after.files);
    const { stderr, ...rest } = result;
    return {
      changed: change.changed,
      removed: change.removed,
      diff: change.diff,
      problems: after.problems,
      process: { ...rest, stderrTail: stderr.slice(-4000) },
      broker: record,
      markers: { agent: (stderr.match(/^TOOL \S+/gm) ?? []).length, broker: record.tools.length },
    };
  } finally {
    await removeTree(root).catch(() => {});
  }
}

/** Interpreter and flags for a test command: this Node; Python without the current folder ahead of the stdlib. */
function testArgv(argv: readonly string[]): string[] {
  // One process for the test files (no subprocess per file): half the start-up time of a small test run.
  if (argv[0] === 'node' && argv[1] === '--test') return [process.execPath, '--test', '--test-isolation=none', ...argv.slice(2)];
  if (argv[0] === 'node') return [process.execPath, ...argv.slice(1)];
  // -P: a repository file named unittest.py must not replace the test runner.
  if (argv[0] === 'python3' || argv[0] === 'python') return ['/usr/bin/python3', '-P', ...argv.slice(1)];
  return [...argv];
}

/** Output of a test runner's run (node:test spec/TAP summary, unittest's "Ran N tests"). */
export const TEST_RUN_OUTPUT = /^(?:ℹ|#) tests \d+|^Ran \d+ tests? in/m;

/** Passed and failed counts from a test runner's summary (node:test spec/TAP, unittest). */
export function testCounts(output: string): { passed: number | null; failed: number | null } {
  const node = (name: string) => {
    const m = new RegExp(`^(?:ℹ|#) ${name} (\\d+)$`, 'm').exec(output);
    return m ? Number(m[1]) : null;
  };
  const pass = node('pass');
  const fail = node('fail');
  if (pass !== null || fail !== null) return { passed: pass, failed: (fail ?? 0) + (node('cancelled') ?? 0) };
  const ran = /^Ran (\d+) tests? in/m.exec(output);
  if (!ran) return { passed: null, failed: null };
  const bad = /^FAILED \((.*)\)$/m.exec(output);
  let failed = 0;
  if (bad) for (const m of bad[1].matchAll(/(failures|errors|unexpected successes)=(\d+)/g)) failed += Number(m[2]);
  const skipped = /skipped=(\d+)/.exec(bad?.[1] ?? /^OK \((.*)\)$/m.exec(output)?.[1] ?? '');
  return { passed: Number(ran[1]) - failed - (skipped ? Number(skipped[1]) : 0), failed };
}

/** Runs a test command on `files` (the repository as patched) confined, with `extra` files placed over them. */
export async function runTests(options: {
  files: Files;
  extra?: Files;
  argv: readonly string[];
  cpuMs: number;
}): Promise<Awaited<ReturnType<typeof runConfined>>> {
  const root = scratchRoot();
  try {
    const dir = join(root, 'repo');
    mkdirSync(dir);
    writeTree(dir, options.files);
    if (options.extra) writeTree(dir, options.extra);
    return await runConfined({
      argv: testArgv(options.argv),
      cwd: dir,
      writable: [dir],
      readOnly: [NODE_BIN],
      env: sandboxEnv(dir),
      timeoutMs: options.cpuMs * 3 + 5000,
      cpuMs: options.cpuMs,
      memoryMb: 1024,
      processes: 64,
      logMaxBytes: 64 * 1024,
    });
  } finally {
    await removeTree(root).catch(() => {});
  }
}

/**
 * The hidden test command with a per-run secret (`nonce`) in its own result line: the runner's counts, written only
 * when the runner finished (a node:test reporter; a unittest wrapper). The patched code runs in the same process as
 * the tests, so a patch that prints a runner summary and exits 0 at import must not count: its summary lacks the
 * nonce. Other commands: the runner's printed summary, as before.
 */
const RESULT_LINE = 'KAIZEN-HIDDEN-RESULT';

export function hiddenCommand(argv: readonly string[], nonce: string): { argv: string[]; extra: Files; reported: boolean } {
  if (argv[0] === 'node' && argv[1] === '--test') {
    const reporter = `.kaizen-result-${nonce}.mjs`;
    const source = `export default async function* (events) {
  for await (const e of events) {
    if (e.type === 'test:summary' && e.data.file === undefined) {
      const c = e.data.counts;
      yield \`\\n${RESULT_LINE} ${nonce} passed=\${c.passed} failed=\${c.failed + c.cancelled}\\n\`;
    }
  }
}
`;
    return {
      argv: [
        'node',
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=./${reporter}`,
        '--test-reporter-destination=stdout',
        ...argv.slice(2),
      ],
      extra: { [reporter]: source },
      reported: true,
    };
  }
  if ((argv[0] === 'python3' || argv[0] === 'python') && argv[1] === '-m' && argv[2] === 'unittest') {
    const script = [
      'import sys, unittest',
      `p = unittest.main(module=None, argv=['python3 -m unittest', *${JSON.stringify(argv.slice(3))}], exit=False)`,
      'r = p.result',
      'failed = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)',
      'sys.stderr.flush()',
      `print(f'${RESULT_LINE} ${nonce} passed={r.testsRun - failed - len(r.skipped)} failed={failed}', flush=True)`,
      'sys.exit(0 if r.wasSuccessful() else 1)',
    ].join('\n');
    return { argv: ['python3', '-c', script], extra: {}, reported: true };
  }
  return { argv: [...argv], extra: {}, reported: false };
}

/** The hidden tests of `task` on its repository with `change` applied: the score. */
export async function scoreHidden(task: CodingTask, change: { changed: Files; removed: string[] }): Promise<HiddenResult> {
  const files = applyChange(taskFiles(task, 'repo'), change);
  const cpuMs = task.limits?.hiddenCpuMs ?? DEFAULT_HIDDEN_CPU_MS;
  const nonce = randomBytes(12).toString('hex');
  const command = hiddenCommand(task.tests.hidden, nonce);
  const r = await runTests({ files, extra: { ...taskFiles(task, 'hidden'), ...command.extra }, argv: command.argv, cpuMs });
  const output = `${r.stdout}\n${r.stderr}`;
  const result = new RegExp(`^${RESULT_LINE} ${nonce} passed=(\\d+) failed=(\\d+)$`, 'm').exec(output);
  const counts = command.reported ? (result ? { passed: Number(result[1]), failed: Number(result[2]) } : { passed: null, failed: null }) : testCounts(output);
  let note: string | null = r.stopped ? r.stopped.message : null;
  let solved = r.exitCode === 0 && r.stopped === null;
  // Exit status 0 counts only with the runner's own result: a patch that ends the test process early exits 0 too.
  if (solved && (counts.passed === null || counts.failed !== 0 || (task.hiddenTests !== undefined && counts.passed !== task.hiddenTests))) {
    solved = false;
    note = `the hidden run exited 0 but reported ${counts.passed ?? 'no'} passed and ${counts.failed ?? 'no'} failed tests${command.reported && !result ? ' (no result from the test runner: it did not finish)' : ''}${task.hiddenTests !== undefined ? ` (expected ${task.hiddenTests} passed)` : ''}`;
  }
  return { solved, exitCode: r.exitCode, passed: counts.passed, failed: counts.failed, note, durationMs: r.durationMs };
}

/** The public tests of `task` with `change` applied (for a diagnosis: this output may be shown to the search). */
export async function runPublic(task: CodingTask, change: { changed: Files; removed: string[] }): Promise<{ ok: boolean; output: string }> {
  const files = applyChange(taskFiles(task, 'repo'), change);
  const r = await runTests({ files, argv: task.tests.public, cpuMs: task.limits?.hiddenCpuMs ?? DEFAULT_HIDDEN_CPU_MS });
  return { ok: r.exitCode === 0 && r.stopped === null, output: `${r.stdout}\n${r.stderr}`.trim().slice(-6000) };
}

/** The assignment of a benchmark task: its issue, its public test command, its repository. */
export function assignmentOf(task: CodingTask): Assignment {
  return { id: task.id, issue: task.issue, tests: publicTestLine(task), repo: taskFiles(task, 'repo') };
}
