// Defects of `kaizen improve` found by exploratory testing: a gate that promoted on one seed's zero spread, flags and
// suite defaults out of range accepted, and a suite.json of `null` that crashed.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateVariant, heldOutGate } from '../../src/improve/gate.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import type { Stats } from '../../src/improve/types.ts';
import { mean, sampleSd } from '../../src/util/stats.ts';
import { REPO, tempDir } from '../support/tmp.ts';
import { TASKS, tinySuite } from './support/suite.ts';

const CLI = join(REPO, 'test', 'improve', 'support', 'improve-cli.ts');
const stats = (perSeed: number[]): Stats => ({ perSeed, mean: mean(perSeed), sd: sampleSd(perSeed), runs: [] });

describe('the held-out gate needs a spread across seeds', () => {
  it('does not promote on one seed, however large the difference (one seed has sd 0, so 2·SE would be 0)', () => {
    const g = heldOutGate(stats([30]), stats([15.62]), 'd');
    expect(g.promote).toBe(false);
    expect(g.reason).toBe('held-out difference 14.380 cannot be told from noise: 1 seed, no spread to measure it by (the gate needs at least 2)');
    expect(gateVariant({ training: stats([9]), heldOut: stats([30]) }, { training: stats([5]), heldOut: stats([15.62]) }, 'd').status).toBe('within-noise');
    // Two seeds with the same scores on each are a measured spread of 0: promoted.
    expect(heldOutGate(stats([30, 30]), stats([15, 15]), 'd').promote).toBe(true);
  });
});

describe('kaizen improve refuses flags out of range in one line', () => {
  const kaizen = (...args: string[]) => spawnSync(process.execPath, [CLI, 'improve', '--suite', tinySuite(), ...args], { encoding: 'utf8', timeout: 30_000 });
  it.each([
    [['--seeds', '1'], '--seeds must be at least 2, got 1: the gate needs a spread across seeds'],
    [['--seeds', '0'], '--seeds must be at least 2, got 0: the gate needs a spread across seeds'],
    [['--seeds', '-2'], '--seeds must be at least 2, got -2: the gate needs a spread across seeds'],
    [['--generations', '-1'], '--generations must be at least 0, got -1'],
    [['--k', '-5'], '--k must be at least 0, got -5: a negative k favours the worse-scoring parents'],
    [['--inner-budget', '0'], '--inner-budget must be at least 1, got 0'],
    [['--concurrency', '0'], '--concurrency must be at least 1, got 0'],
    [['--resume', '--new'], '--resume and --new conflict: give one of them'],
    // A recursive mkdir under procfs spins forever; the folder is made one level at a time and fails at once.
    [['--out', '/proc/nope'], "/proc/nope: cannot create the folder: ENOENT: no such file or directory, mkdir '/proc/nope'"],
  ])('kaizen improve %j', (args, message) => {
    const r = kaizen(...args);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim()).toBe(`kaizen: ${message}`);
  });
});

describe('suite.json is checked before it is used', () => {
  const suiteWith = (text: string) => {
    const dir = tempDir('kaizen-suite-');
    writeFileSync(join(dir, 'suite.json'), text);
    return dir;
  };
  const tasks = { training: [join(TASKS, 'circle-12')], heldOut: [join(TASKS, 'circle-16')] };

  it('names the bad field of its defaults', () => {
    const bad = suiteWith(JSON.stringify({ ...tasks, defaults: { generations: -3, seeds: 'abc' } }));
    expect(() => loadSuite(bad)).toThrow(new RegExp(`^${join(bad, 'suite.json')}: field defaults\\.generations: too small`));
    expect(() => loadSuite(suiteWith(JSON.stringify({ ...tasks, defaults: { seeds: 'abc' } })))).toThrow(
      /field defaults\.seeds: invalid input: expected number/i,
    );
    expect(() => loadSuite(suiteWith(JSON.stringify({ ...tasks, defaults: { seeds: 1 } })))).toThrow(/field defaults\.seeds: too small/);
    expect(() => loadSuite(suiteWith(JSON.stringify({ ...tasks, defaults: { generation: 3 } })))).toThrow(/field defaults: unrecognized key/i);
    expect(loadSuite(suiteWith(JSON.stringify({ ...tasks, defaults: { generations: 0, seeds: 2, innerBudget: 4 } }))).defaults).toEqual({
      generations: 0,
      seeds: 2,
      innerBudget: 4,
    });
  });

  it('a suite.json that is null, a list or a number is one error, not a stack trace', () => {
    for (const [text, what] of [
      ['null', 'null'],
      ['[1]', 'a list'],
      ['3', 'number'],
    ]) {
      const dir = suiteWith(text);
      expect(() => loadSuite(dir)).toThrow(`${join(dir, 'suite.json')}: expected an object { name?, training, heldOut, defaults? }, got ${what}`);
    }
    const r = spawnSync(process.execPath, [CLI, 'improve', '--suite', suiteWith('null')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
  });
});
