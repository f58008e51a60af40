import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.ts';
import { BackgroundWrites, completes, Slots, type StopInputs, stopReason } from '../../src/engine/scheduler.ts';

const config = configSchema.parse({ budget: { samples: 10, wallClockMs: 1000, maxConsecutiveRejections: 5 }, llm: { maxConsecutiveFailures: 3 } });
const calm: StopInputs = {
  aborted: false,
  elapsedMs: 0,
  evaluated: 0,
  inFlight: 0,
  consecutiveRejections: 0,
  modelFailures: 0,
  driftPaused: false,
  mayCallModel: true,
};
const stop = (s: Partial<StopInputs>) => stopReason(config.budget, config.llm, { ...calm, ...s });

describe('stop rules', () => {
  it('go on while nothing says stop', () => {
    expect(stop({ evaluated: 5, inFlight: 4 })).toBeNull();
  });

  it('count jobs in flight against the sample budget', () => {
    expect(stop({ evaluated: 6, inFlight: 4 })).toBe('budget');
    expect(stop({ evaluated: 10 })).toBe('budget');
  });

  it('each rule at its threshold, a user abort before everything', () => {
    expect(stop({ elapsedMs: 1000 })).toBe('wall-clock');
    expect(stop({ consecutiveRejections: 5 })).toBe('rejections');
    expect(stop({ modelFailures: 3 })).toBe('models-failing');
    expect(stop({ driftPaused: true })).toBe('drift');
    expect(stop({ mayCallModel: false })).toBe('usd');
    expect(stop({ aborted: true, evaluated: 10, driftPaused: true })).toBe('aborted');
    expect(stop({ consecutiveRejections: 5, evaluated: 10 })).toBe('rejections');
  });

  it('complete a run only for its budgets (samples, dollars): every other stop leaves it resumable', () => {
    const reasons = ['budget', 'rejections', 'usd', 'wall-clock', 'aborted', 'models-failing', 'drift', 'unusable', 'model-calls'];
    expect(reasons.filter((r) => completes(r as never))).toEqual(['budget', 'usd']);
  });
});

describe('slots', () => {
  it('hold at most `concurrency` jobs and drain them all', async () => {
    const slots = new Slots(2);
    let running = 0;
    let peak = 0;
    const job = (ms: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
    };
    for (const ms of [30, 10, 20, 5, 15]) {
      await slots.free();
      slots.launch(job(ms)());
    }
    expect(slots.inFlight).toBeLessThanOrEqual(2);
    await slots.drain();
    expect(slots.inFlight).toBe(0);
    expect(peak).toBe(2);
  });

  it('pass a job failure on to whoever waits', async () => {
    const slots = new Slots(1);
    slots.launch(Promise.reject(new Error('boom')));
    await expect(slots.any()).rejects.toThrow('boom');
    expect(slots.inFlight).toBe(0);
  });
});

describe('background writes', () => {
  it('are all awaited, and the first failure is thrown when they settle', async () => {
    const bg = new BackgroundWrites();
    const done: number[] = [];
    bg.add(
      new Promise<void>((r) =>
        setTimeout(() => {
          done.push(1);
          r();
        }, 10),
      ),
    );
    bg.add(Promise.reject(new Error('disk full')));
    bg.add(Promise.reject(new Error('second')));
    await expect(bg.settle()).rejects.toThrow('disk full');
    expect(done).toEqual([1]);
  });
});
