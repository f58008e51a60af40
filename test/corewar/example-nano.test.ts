// examples/corewar-nano fights the Nano Benchmark 2007, found beside the checkout (../shared) or where the user
// says; without it, loading the task fails with a message, never a silent switch to the five small test warriors.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../src/config/load.ts';
import { copyExample, REPO } from '../support/tmp.ts';

const SHARED_NANO = join(REPO, '../shared/corewar/warriors/yacereloaded/nanobm07');

describe('examples/corewar-nano', () => {
  afterEach(() => {
    delete process.env.KAIZEN_NANO_BENCHMARK;
  });

  it.skipIf(!existsSync(SHARED_NANO))('finds the Nano Benchmark 2007 beside the checkout and says so', async () => {
    const loaded = await loadTask(join(REPO, 'examples/corewar-nano'));
    expect(loaded.task.description).toBe(`Beat the Nano Benchmark 2007 (50 warriors in ${SHARED_NANO}) on the nano hill.`);
  });

  it('fails with a message naming where it looked when the benchmark is nowhere', async () => {
    const copy = copyExample('corewar-nano');
    const error = await loadTask(copy).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('the Nano Benchmark 2007 was not found (looked in');
    expect((error as Error).message).toContain(join(copy, 'nanobm07'));
    expect((error as Error).message).toContain('KAIZEN_NANO_BENCHMARK=opponents');
  });

  it('fights the small test set only when it is named, and says it is not the Nano Benchmark', async () => {
    process.env.KAIZEN_NANO_BENCHMARK = 'opponents';
    const copy = copyExample('corewar-nano');
    const loaded = await loadTask(copy);
    expect(loaded.task.description).toBe(`Beat the 5 warriors in ${join(copy, 'opponents')} (KAIZEN_NANO_BENCHMARK; not the Nano Benchmark) on the nano hill.`);
  });
});
