// Defects of `kaizen agent` found by exploratory testing: flags out of range, and runs that depend on the random
// name of the harness's temporary workspace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../../src/agent/benchmark.ts';
import { diagnose } from '../../src/agent/diagnose.ts';
import { DEFAULT_SETTINGS, evolveAgents } from '../../src/agent/evolve.ts';
import { DEFAULT_HARNESS_LIMITS, runPublic } from '../../src/agent/harness.ts';
import { openAgentModel } from '../../src/agent/model.ts';
import { eventData } from '../../src/ledger/events.ts';
import { Store } from '../../src/store/store.ts';
import { REPO, tempDir } from '../support/tmp.ts';
import { smallBenchmark } from './small-benchmark.ts';

// The CLI from the sources (bin/kaizen.js prefers a possibly stale dist/).
const CLI = join(REPO, 'test', 'improve', 'support', 'improve-cli.ts');
const BENCH = join(REPO, 'benchmarks', 'coding', 'tasks');

/** A text without its numbers: test durations vary from run to run, and the stand-in seeds from the text without them. */
const digitless = (t: string) => t.replace(/\d+(\.\d+)?/g, '#');

describe('a diagnosis does not depend on where the harness put its workspace', () => {
  it('two public-test runs of the same failing change diagnose to the same text, with no temporary path in it', async () => {
    const task = loadBenchmark(BENCH).find((t) => t.id === 'js-bugfix-median')!;
    const facts = async () => {
      const publicTests = await runPublic(task, { changed: {}, removed: [] });
      return (await diagnose({ task, tools: [], calls: 1, maxTurns: 6, submitted: true, publicTests, hiddenFailed: 1, ended: 'exit code 0' })).text;
    };
    const [a, b] = [await facts(), await facts()];
    expect(a).toMatch(/Public tests after its change: FAIL/);
    expect(a).not.toMatch(/kaizen-agent-/);
    // The test durations aside, nothing may differ.
    expect(digitless(a)).toBe(digitless(b));
  });
});

describe('agent evolve with the same seed makes the same self-edits', () => {
  it('two runs at concurrency 1, each with its own random workspaces and store: the same diagnoses (digits aside) and diffs', async () => {
    const bench = smallBenchmark(['py-bugfix-wrap-text', 'py-bugfix-ledger-split', 'py-bugfix-duration-millis']);
    const run = async () => {
      const store = await Store.open(join(tempDir(), 'k.db'));
      const model = await openAgentModel(undefined, loadBenchmark(bench));
      try {
        const result = await evolveAgents({
          store,
          benchmarkDir: bench,
          settings: { ...DEFAULT_SETTINGS, generations: 1, children: 2, gateSeeds: 2, stages: [2] },
          model: model.model,
          limits: DEFAULT_HARNESS_LIMITS,
          concurrency: 1,
          mode: 'never',
        });
        const events = await store.events(result.runId);
        return {
          diagnoses: events.filter((e) => e.type === 'agent.diagnosed').map((e) => digitless(eventData(e, 'agent.diagnosed').diagnosis)),
          edits: events.filter((e) => e.type === 'agent.self-edit').map((e) => eventData(e, 'agent.self-edit').diffSha256),
        };
      } finally {
        await store.close();
        await model.close();
      }
    };
    const [a, b] = [await run(), await run()];
    expect(a.edits).toHaveLength(2);
    expect(a.diagnoses.join('\n')).not.toMatch(/kaizen-agent-/);
    expect(b).toEqual(a);
  }, 300_000);
});

describe('agent flags out of range are refused in one line', () => {
  const kaizen = (...args: string[]) => spawnSync(process.execPath, [CLI, 'agent', ...args], { encoding: 'utf8', cwd: tempDir() });
  it.each([
    [['evolve', '--generations', '-2'], '--generations must be at least 1, got -2'],
    [['evolve', '--children', '0'], '--children must be at least 1, got 0'],
    [['evolve', '--gate-every', '0'], '--gate-every must be at least 1, got 0'],
    [['evolve', '--seeds', '1'], '--seeds must be at least 2, got 1: the gate needs a spread across seeds'],
    [['evolve', '--concurrency', '0'], '--concurrency must be at least 1, got 0'],
    [['evolve', '--resume', '--new'], '--resume and --new conflict: give one of them'],
    [['bench', '--seeds', '0'], '--seeds must be at least 1, got 0'],
    [['bench', '--concurrency', '0'], '--concurrency must be at least 1, got 0'],
  ])('kaizen agent %j', (args, message) => {
    const r = kaizen(...args);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`kaizen: ${message}`);
  });
});
