import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.ts';
import { DriftMonitor } from '../../src/engine/drift-monitor.ts';
import { LessonsStep, type LessonsUpdate } from '../../src/engine/lessons.ts';

describe('the drift monitor', () => {
  it('reports once per full window, and pauses on a warning when told to', () => {
    const config = configSchema.parse({ drift: { every: 3, action: 'pause', maxFailureRate: 0.5 } }).drift;
    const monitor = new DriftMonitor(config, []);
    monitor.setSeed({ features: { a: 1 } });
    expect(monitor.note({ correct: true, failed: false, violation: false, features: { a: 1 } }, 1)).toBeNull();
    expect(monitor.note({ correct: false, failed: true, violation: false }, 2)).toBeNull();
    const report = monitor.note({ correct: false, failed: true, violation: false }, 3);
    expect(report?.evaluated).toBe(3);
    expect(report?.measure.failureRate).toBeCloseTo(2 / 3);
    expect(report?.warnings.join()).toMatch(/fail/);
    expect(monitor.paused).toBe(true);
    // A new window starts empty.
    expect(monitor.note({ correct: true, failed: false, violation: false }, 4)).toBeNull();
  });
});

describe('the lessons step', () => {
  it('runs every N evaluations in the background, one at a time, and keeps the previous lessons when a step fails', async () => {
    const updates: [LessonsUpdate, number][] = [];
    const failures: [string, number][] = [];
    let rows = 0;
    const step = new LessonsStep(
      {
        every: 2,
        rows: () => (rows++ === 1 ? (null as never) : []),
        llm: () => null,
        onUpdate: async (u, at) => void updates.push([u, at]),
        onFailure: async (e, at) => void failures.push([e.message, at]),
      },
      { text: 'old', at: 0 },
    );
    step.maybeRun(1);
    await step.settle();
    expect(updates).toHaveLength(0);
    step.maybeRun(2);
    step.maybeRun(3); // a step is running: not started twice
    await step.settle();
    expect(updates.map(([u, at]) => [u.source, at])).toEqual([['journal', 2]]);
    const text = step.text;
    step.maybeRun(4); // rows() breaks this time: recorded as a failure, the lessons stay
    await step.settle();
    expect(failures).toHaveLength(1);
    expect(failures[0][1]).toBe(4);
    expect(step.text).toBe(text);
  });
});
