// The agent loop end to end on a small copy of the benchmark: offline (the stand-in coder) with its record verified
// and re-run, resumed after an abort and after kill -9; and with a model behind the local OpenAI protocol server,
// whose scripted replies edit the agent through the broker and whose tokens are priced per generation.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../../src/agent/benchmark.ts';
import { DEFAULT_SETTINGS, type EvolveOptions, evolveAgents } from '../../src/agent/evolve.ts';
import { DEFAULT_HARNESS_LIMITS } from '../../src/agent/harness.ts';
import { openAgentModel } from '../../src/agent/model.ts';
import { reexecuteAgentRun } from '../../src/agent/verify.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { eventData } from '../../src/ledger/events.ts';
import { createChatModel } from '../../src/models/client.ts';
import { Store } from '../../src/store/store.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmRequestInfo, startLlmServer } from '../support/llm-server.ts';
import { CLI, tempDir } from '../support/tmp.ts';
import { smallBenchmark } from './small-benchmark.ts';

const DEV = ['py-bugfix-wrap-text', 'py-bugfix-ledger-split', 'py-bugfix-ini-case', 'py-feature-lru-resize'];
const HELDOUT = ['py-bugfix-duration-millis', 'py-bugfix-interval-subtract', 'py-bugfix-semver-prerelease-order'];

const devAndHeldOut = () => smallBenchmark([...DEV, ...HELDOUT]);

const settings = { ...DEFAULT_SETTINGS, generations: 2, children: 2, gateSeeds: 2, stages: [2] };

async function attemptKeys(store: Store, runId: string): Promise<string[]> {
  return (await store.events(runId))
    .filter((e) => e.type === 'agent.task')
    .map((e) => eventData(e, 'agent.task'))
    .map((d) => `${d.agent}:${d.task}:${d.seed}`);
}

describe('kaizen agent evolve, offline', () => {
  it('grows an archive by self-edits, records everything in a ledger that verifies, and its default agent re-runs as recorded', async () => {
    const bench = devAndHeldOut();
    const store = await Store.open(join(tempDir(), 'k.db'));
    const model = await openAgentModel(undefined, loadBenchmark(bench));
    try {
      const result = await evolveAgents({
        store,
        benchmarkDir: bench,
        settings,
        model: model.model,
        limits: DEFAULT_HARNESS_LIMITS,
        concurrency: 2,
        mode: 'auto',
      });
      expect(result.curve.map((p) => p.generation)).toEqual([0, 1, 2]);
      const rows = await store.programs(result.runId);
      const edits = (await store.events(result.runId)).filter((e) => e.type === 'agent.self-edit');
      expect(edits.length).toBe(settings.generations * settings.children);
      // Every accepted self-edit is a child with its diff against its parent; the seed solves some dev tasks, not all.
      for (const e of edits.filter((e) => eventData(e, 'agent.self-edit').verdict === 'accepted')) {
        const child = rows.find((r) => r.id === e.program_id)!;
        expect(child.parent_id).toBe(eventData(e, 'agent.self-edit').parent);
        expect(child.patch).toMatch(/^[-+]/m);
        expect(JSON.parse(child.code)).toHaveProperty('main.ts');
      }
      const seed = result.agents.find((a) => a.id === result.seedAgent)!;
      expect(seed.tasks).toBe(DEV.length);
      expect(seed.solved).toBeLessThan(DEV.length);
      // Each (agent, task, seed) attempt is recorded once, with its model calls.
      const keys = await attemptKeys(store, result.runId);
      expect(new Set(keys).size).toBe(keys.length);
      const calls = (await store.events(result.runId)).filter((e) => e.type === 'agent.model-call');
      expect(calls.length).toBeGreaterThan(keys.length);
      expect(calls.some((e) => eventData(e, 'agent.model-call').purpose === 'self-edit')).toBe(true);
      // Diagnoses see the public test output and only a count of hidden failures.
      const diagnosis = (await store.events(result.runId)).find((e) => e.type === 'agent.diagnosed')!;
      const text = eventData(diagnosis, 'agent.diagnosed').diagnosis;
      expect(text).toMatch(/Public tests after its change/);
      expect(text).toMatch(/Hidden tests: (\d+ failed|the run did not report a count)\./);
      expect(text).not.toMatch(/test_hidden/);
      const run = (await store.getRun(result.runId))!;
      expect(run.status).toBe('completed');
      const verification = await verifyRun(store, run, { reexecute: false });
      expect(verification.problems).toEqual([]);
      const again = await reexecuteAgentRun(store, run, { sample: 4 });
      expect(again.problems).toEqual([]);
      expect(again.reexecuted[0].recorded).toBe(again.reexecuted[0].score);
    } finally {
      await model.close();
      await store.close();
    }
  }, 240_000);

  it('resumes an aborted run without redoing an attempt', async () => {
    const bench = devAndHeldOut();
    const store = await Store.open(join(tempDir(), 'k.db'));
    const model = await openAgentModel(undefined, loadBenchmark(bench));
    try {
      const abort = new AbortController();
      const options: EvolveOptions = {
        store,
        benchmarkDir: bench,
        settings: { ...settings, generations: 1 },
        model: model.model,
        limits: DEFAULT_HARNESS_LIMITS,
        concurrency: 1,
        mode: 'auto',
      };
      const lines: string[] = [];
      await expect(
        evolveAgents({
          ...options,
          signal: abort.signal,
          log: (l) => {
            lines.push(l);
            if (/^agent #\d+ from/.test(l)) abort.abort(new Error('stop'));
          },
        }),
      ).rejects.toThrow();
      const first = (await store.listRuns())[0];
      expect(first.status).toBe('interrupted');
      const before = await attemptKeys(store, first.id);
      const result = await evolveAgents(options);
      expect(result.resumed).toBe(true);
      expect(result.runId).toBe(first.id);
      const after = await attemptKeys(store, first.id);
      expect(new Set(after).size).toBe(after.length);
      expect(after.slice(0, before.length)).toEqual(before);
      expect((await store.getRun(first.id))!.status).toBe('completed');
    } finally {
      await model.close();
      await store.close();
    }
  }, 240_000);

  it('resumes after kill -9 of `kaizen agent evolve`', async () => {
    const bench = devAndHeldOut();
    const db = join(tempDir(), 'k.db');
    const args = [CLI, 'agent', 'evolve', '--benchmark', bench, '--generations', '1', '--children', '2', '--seeds', '2', '--store', db, '--concurrency', '1'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (/agent #2 from/.test(out)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`exited before the first self-edit:\n${out}`)));
    });
    await new Promise((r) => child.once('close', r));
    const second = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    second.stdout.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const code = await new Promise((r) => second.on('close', r));
    expect(code, text).toBe(0);
    expect(text).toMatch(/^resumed agent run agent-/m);
    const store = await Store.open(db);
    try {
      const run = (await store.listRuns())[0];
      expect(run.status).toBe('completed');
      const keys = await attemptKeys(store, run.id);
      expect(new Set(keys).size).toBe(keys.length);
      expect((await verifyRun(store, run, { reexecute: false })).problems).toEqual([]);
    } finally {
      await store.close();
    }
  }, 240_000);
});

describe('kaizen agent evolve with a model behind the broker', () => {
  it('the model edits the agent through the broker (tool calls over the OpenAI protocol) and each generation shows its cost', async () => {
    const bench = devAndHeldOut();
    const selfEditSteps = (info: LlmRequestInfo) => info.messages.filter((m) => m.role === 'assistant').length;
    const server = await startLlmServer({
      respond: (info) => {
        const user = info.messages.find((m) => m.role === 'user')?.content ?? '';
        if (user.includes('You are improving a coding agent')) {
          const step = selfEditSteps(info);
          if (step === 0) return { toolCalls: [{ name: 'view', arguments: { path: 'settings.json' } }] };
          if (step === 1)
            return { text: 'more turns', toolCalls: [{ name: 'edit', arguments: { path: 'settings.json', old: '"maxTurns": 6', new: '"maxTurns": 12' } }] };
          return { toolCalls: [{ name: 'submit', arguments: {} }] };
        }
        return { text: 'nothing to change', toolCalls: [{ name: 'submit', arguments: {} }] };
      },
    });
    const store = await Store.open(join(tempDir(), 'k.db'));
    try {
      const model = createChatModel('openai:gpt-4.1-mini', { env: llmEnv(server) });
      const result = await evolveAgents({
        store,
        benchmarkDir: bench,
        settings: { ...settings, generations: 1, children: 1 },
        model,
        limits: DEFAULT_HARNESS_LIMITS,
        concurrency: 2,
        mode: 'auto',
      });
      const events = await store.events(result.runId);
      const edit = events.find((e) => e.type === 'agent.self-edit')!;
      expect(eventData(edit, 'agent.self-edit')).toMatchObject({ verdict: 'accepted', files: ['settings.json'] });
      const child = (await store.getProgram(edit.program_id!))!;
      expect(JSON.parse(JSON.parse(child.code)['settings.json']).maxTurns).toBe(12);
      expect(child.patch).toContain('+  "maxTurns": 12,');
      // The view result the agent sent back reached the model as a tool message.
      const toolTurn = server.requests.find((r) => JSON.stringify(r.body).includes('"role":"tool"') && JSON.stringify(r.body).includes('maxTurns'));
      expect(toolTurn).toBeDefined();
      expect(server.requests.every((r) => r.hasApiKey)).toBe(true);
      // Cost per generation: the priced calls of generation 1, as recorded call by call.
      const gen1 = result.curve.find((p) => p.generation === 1)!;
      expect(gen1.cost).toBeGreaterThan(0);
      const generationEvents = events.filter((e) => e.type === 'agent.generation');
      const start = generationEvents[0].id;
      const end = generationEvents[1].id;
      const callCost = events
        .filter((e) => e.type === 'agent.model-call' && e.id > start && e.id < end)
        .reduce((s, e) => s + eventData(e, 'agent.model-call').cost, 0);
      expect(gen1.cost).toBeCloseTo(callCost, 10);
      expect(eventData(generationEvents[1], 'agent.generation').cost).toBeCloseTo(callCost, 10);
    } finally {
      await store.close();
      await server.close();
    }
  }, 240_000);
});
