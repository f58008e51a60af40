// Limits on model calls and reply sizes, against models that answer like real ones on a bad day, over real HTTP (the
// local wire server) with real runs: every reply unusable, 20 MB replies, one broken model of two.
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../src/config/load.ts';
import { CALL_LIMITS_STATE_KEY, CallCapReached, type CallLimitsState, CallMeter } from '../../src/engine/call-meter.ts';
import { evolve } from '../../src/engine/evolve.ts';
import type { BanditState } from '../../src/models/bandit.ts';
import { createChatModel } from '../../src/models/client.ts';
import { type Policy, startWireServer, type WireServer } from '../../src/models/wire-server.ts';
import { Store } from '../../src/store/store.ts';
import { runCli, writeTask } from '../support/tmp.ts';

/** A task whose program is one number between EVOLVE markers, scored as that number (no sandbox). */
function numberTask(config: string): string {
  return writeTask({
    'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'number',
  program: './number.txt',
  execute: { data: true },
  judge: (text) => {
    const n = Number(String(text).replace(/\\/\\/.*$/gm, '').trim());
    return Number.isFinite(n) ? { correct: true, score: n } : { correct: false, score: 0, feedback: 'not a number' };
  },
});`,
    'number.txt': '// EVOLVE-BLOCK-START\n1\n// EVOLVE-BLOCK-END\n',
    'kaizen.config.ts': `export default ${config};\n`,
  });
}

const GARBAGE = 'I looked at the program carefully and I believe it is already as good as it can be.';

/** Like a good model: every edit usable, one in three raises the parent's number, the others lower it (steps differ, so siblings do). */
function improver(): (content: string) => string {
  let step = 0;
  return (content) => {
    const n = Number(/EVOLVE-BLOCK-START\n(-?\d+)\n/.exec(content)?.[1] ?? 1);
    step++;
    const next = step % 3 === 0 ? n + step : n - step;
    return `CHANGE: move the number\n<<<<<<< SEARCH\n${n}\n=======\n${next}\n>>>>>>> REPLACE`;
  };
}

const servers: WireServer[] = [];
async function serve(policy: Policy): Promise<WireServer> {
  const server = await startWireServer(policy);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
const assistantTurns = (prompt: string | null) => (prompt ?? '').split('### assistant').length - 1;

describe('a run whose every reply is unusable', () => {
  it('stops within a few rounds, interrupted, exit 1, naming the cause with sample replies; status shows the limits; re-running resumes', async () => {
    const server = await serve(() => ({ text: GARBAGE }));
    const dir = numberTask('{ budget: { samples: 15 }, concurrency: 2, seed: 3, lessons: { every: 0 } }');
    const args = ['run', dir, '--model', `openai-compatible:garbage@${server.url}`, '--json'];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(1);
    const summary = lastJson(first.stdout);
    expect(summary.stoppedBy).toBe('unusable');
    expect(first.stderr).toContain('proposals in a row gave nothing that could be evaluated (llm.maxUnusableInARow)');
    expect(first.stderr).toContain(`run ${summary.runId} is interrupted`);
    expect(first.stderr).toContain('re-run the same command to resume');
    expect(first.stderr).not.toMatch(/^\s+at /m);
    const shown = first.stderr.split('\n').filter((l) => l.startsWith('  llm-unusable-reply:'));
    expect(shown).toHaveLength(3);
    for (const line of shown) {
      expect(line).toContain('| reply: I looked at the program carefully');
      expect(line.length).toBeLessThan(200);
    }

    const store = await Store.open(summary.db);
    const rows = await store.programs(summary.runId);
    const rejected = rows.filter((r) => r.status === 'rejected');
    // 20 in a row (the default), and at most the one proposal the other job had under way.
    expect(rejected.length).toBeGreaterThanOrEqual(20);
    expect(rejected.length).toBeLessThanOrEqual(21);
    expect(rejected.every((r) => r.failure_class === 'llm-unusable-reply')).toBe(true);
    // Every model call is counted, none past the caps: 3 per proposal (2 retries), 8 per sample, 8 × budget in all.
    const limits = await store.getState<CallLimitsState>(summary.runId, CALL_LIMITS_STATE_KEY);
    expect(limits?.modelCalls).toBe(server.requests);
    expect(server.requests).toBe(rejected.reduce((n, r) => n + assistantTurns(r.prompt) + 1, 0));
    expect(Math.max(...rejected.map((r) => assistantTurns(r.prompt)))).toBeLessThanOrEqual(2);
    expect(server.requests).toBeLessThanOrEqual(8 * 15);
    expect((await store.getRun(summary.runId))?.status).toBe('interrupted');
    await store.close();

    const status = await runCli(['status', dir]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/: interrupted\n/);
    expect(status.stdout).toMatch(/model limits: unusable in a row 2[01]\/20; model calls \d+\.\d per sample \(cap 8\), \d+ in all/);
    expect(status.stdout).toContain(`${server.requests} in all`);

    const before = server.requests;
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(1);
    const resumed = lastJson(again.stdout);
    expect(resumed).toMatchObject({ runId: summary.runId, resumed: true, stoppedBy: 'unusable' });
    // A resumed session gets a fresh allowance of unusable proposals, and its calls add to the run's.
    expect(server.requests - before).toBeGreaterThanOrEqual(20 * 1);
    expect(resumed.modelCalls.made).toBe(server.requests);
  });

  it('stops before its model calls could pass llm.maxCallsPerSample × budget.samples', async () => {
    const server = await serve(() => ({ text: GARBAGE }));
    const dir = numberTask(
      '{ budget: { samples: 3 }, concurrency: 1, lessons: { every: 0 }, novelty: { maxResamples: 0 }, llm: { maxRetries: 1, maxCallsPerSample: 2, maxUnusableInARow: 100 } }',
    );
    const result = await evolve({ task: dir, config: { models: [`openai-compatible:garbage@${server.url}`] } });
    expect(result.stoppedBy).toBe('model-calls');
    expect(server.requests).toBe(6);
    expect(result.modelCalls).toEqual({ made: 6, capPerSample: 2 });
    expect(result.unusable).toHaveLength(3);
    const store = await Store.open(result.db);
    expect((await store.getRun(result.runId))?.status).toBe('interrupted');
    await store.close();
  });

  it('gives one sample at most llm.maxCallsPerSample calls: retries are cut short and it is not re-sampled', async () => {
    const server = await serve(() => ({ text: GARBAGE }));
    const dir = numberTask(
      '{ budget: { samples: 10 }, concurrency: 1, lessons: { every: 0 }, novelty: { maxResamples: 3 }, llm: { maxRetries: 6, maxCallsPerSample: 4, maxUnusableInARow: 3 } }',
    );
    const result = await evolve({ task: dir, config: { models: [`openai-compatible:garbage@${server.url}`] } });
    expect(result.stoppedBy).toBe('unusable');
    const store = await Store.open(result.db);
    const rejected = (await store.programs(result.runId)).filter((r) => r.status === 'rejected');
    await store.close();
    expect(rejected).toHaveLength(3);
    // Each proposal made 4 calls (3 retries of the 6 allowed), and each was its sample's only one.
    expect(rejected.map((r) => assistantTurns(r.prompt))).toEqual([3, 3, 3]);
    expect(new Set(rejected.map((r) => r.sample)).size).toBe(3);
    expect(server.requests).toBe(12);
  });
});

describe('the limits in the config', () => {
  it('have defaults, and a bad value is named with what it must be', async () => {
    const loaded = await loadTask(numberTask('{}'));
    expect(loaded.config.llm).toMatchObject({ maxUnusableInARow: 20, maxCallsPerSample: 8, maxReplyBytes: 262_144, maxPromptBytes: 524_288 });
    const bad = numberTask('{ llm: { maxUnusableInARow: 0, maxCallsPerSample: 2.5, maxReplyBytes: 10, maxPromptBytes: 100 } }');
    const error = await loadTask(bad).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toContain('kaizen.config.ts is not valid');
    expect(error).toContain('field llm.maxUnusableInARow: must be at least 1');
    expect(error).toContain('field llm.maxCallsPerSample: must be a whole number');
    expect(error).toContain('field llm.maxReplyBytes: must be at least 1024 bytes');
    expect(error).toContain('field llm.maxPromptBytes: must be at least 4096 bytes');
  });
});

describe('the call meter', () => {
  it('counts each model call against the sample it is made for, refuses calls past the cap, and leaves the run’s own calls out', async () => {
    const server = await serve(() => ({ text: 'NOVEL' }));
    const meter = new CallMeter(2, 5, async () => {});
    const model = meter.wrap(createChatModel(`openai-compatible:judge@${server.url}`));
    const ask = () => model.chat({ messages: [{ role: 'user', content: 'novel?' }] });
    const sample = async () => {
      await ask();
      await ask();
      expect(meter.left()).toBe(0);
      await expect(ask()).rejects.toBeInstanceOf(CallCapReached);
      await meter.outside(ask); // lessons and the like: the run's, not this sample's
    };
    // Two samples at once, each with its own count.
    await Promise.all([meter.forSample(sample), meter.forSample(sample)]);
    expect(server.requests).toBe(6);
    expect(meter.made).toBe(5 + 4);
    expect(meter.left()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('20 MB replies', () => {
  it('are refused whole, stored cut, never sent back: the database stays small', async () => {
    const huge = `${'goes-on-and-on;'.repeat(66)}\n`.repeat(Math.ceil(20e6 / 991));
    let largestMessage = 0;
    const server = await serve((request) => {
      for (const m of request.messages) largestMessage = Math.max(largestMessage, Buffer.byteLength(m.content));
      return { text: huge };
    });
    const dir = numberTask('{ budget: { samples: 15 }, concurrency: 2, lessons: { every: 0 }, llm: { maxUnusableInARow: 6 } }');
    const result = await evolve({ task: dir, config: { models: [`openai-compatible:huge@${server.url}`] } });
    expect(result.stoppedBy).toBe('unusable');
    expect(result.unusable?.[0]).toMatch(/^llm-reply-too-long: llm-\w+: the reply was 2\d{7} bytes, over the cap of 262144/);
    const store = await Store.open(result.db);
    const rejected = (await store.programs(result.runId)).filter((r) => r.status === 'rejected');
    await store.close();
    expect(rejected.length).toBeGreaterThanOrEqual(6);
    for (const r of rejected) {
      expect(r.failure_class).toBe('llm-reply-too-long');
      expect(Buffer.byteLength(r.reply ?? '')).toBeLessThan(262_144 + 200);
      expect(r.reply).toMatch(/\[… reply cut here: it was 2\d{7} bytes, over the cap of 262144 \(llm\.maxReplyBytes\)\]$/);
      expect(r.prompt).not.toContain('goes-on-and-on;');
    }
    // One call per proposal (no retry echoes the reply), and no prompt ever carried it.
    expect(server.requests).toBe(rejected.length);
    expect(largestMessage).toBeLessThan(64 * 1024);
    const size = [result.db, `${result.db}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
    console.log(`20 MB replies: ${server.requests} calls, ${rejected.length} rejected, database ${(size / 1e6).toFixed(2)} MB`);
    expect(size).toBeLessThan(4e6);
  }, 120_000);
});

describe('the model bandit', () => {
  it('gives a model whose replies are all unusable a small share of the pulls', async () => {
    const improve = improver();
    const server = await serve((request) => {
      if (request.model === 'broken') return { text: GARBAGE };
      return { text: improve(request.messages.map((m) => m.content).join('\n')) };
    });
    const dir = numberTask(
      '{ budget: { samples: 40 }, concurrency: 1, seed: 7, islands: { count: 1 }, lessons: { every: 0 }, novelty: { threshold: 1 }, llm: { mix: { diff: 1, full: 0, cross: 0 } } }',
    );
    const good = `openai-compatible:good@${server.url}`;
    const broken = `openai-compatible:broken@${server.url}`;
    const result = await evolve({ task: dir, config: { models: [good, broken] } });
    expect(result.stoppedBy).toBe('budget');
    expect(result.evaluated).toBe(40);
    const store = await Store.open(result.db);
    const bandit = await store.getState<BanditState>(result.runId, 'bandit');
    await store.close();
    const pulls = { good: bandit!.arms[good].pulls, broken: bandit!.arms[broken].pulls };
    const share = pulls.broken / (pulls.good + pulls.broken);
    console.log(`bandit: good ${pulls.good} pulls, broken ${pulls.broken} pulls (${(100 * share).toFixed(1)}%)`);
    expect(bandit!.arms[broken].failures).toBe(pulls.broken);
    expect(share).toBeLessThan(0.2);
  }, 120_000);
});
