// Suites: training tasks an improver is evolved on and held-out tasks that gate its promotion.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KaizenError } from '../errors.ts';

export interface SuiteTask {
  /** The task folder (absolute). */
  dir: string;
  /** Divides the improvement over the seed (default: |seed score|, so scores are relative improvements). */
  scale?: number;
}

export interface Suite {
  name: string;
  /** The suite's folder (absolute). */
  dir: string;
  file: string;
  /** The suite file's text: part of the outer run's identity. */
  text: string;
  description?: string;
  training: SuiteTask[];
  heldOut: SuiteTask[];
  defaults: { generations?: number; seeds?: number; innerBudget?: number };
}

/** A suite's defaults for the outer loop's flags, with the ranges the flags are held to. */
const defaultsSchema = z
  .object({
    generations: z.number().int().min(0),
    // One seed has no spread, and the held-out gate needs one.
    seeds: z.number().int().min(2),
    innerBudget: z.number().int().min(1),
  })
  .partial()
  .strict();

/** examples/suites beside src/ (and beside dist/). */
export const BUILTIN_SUITES = fileURLToPath(new URL('../../examples/suites/', import.meta.url));

/** A suite by name (examples/suites/NAME/suite.json) or by path (a suite.json, or a folder holding one). */
export function loadSuite(nameOrPath: string): Suite {
  let file = resolve(nameOrPath);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'suite.json');
  if (!existsSync(file)) file = join(BUILTIN_SUITES, nameOrPath, 'suite.json');
  if (!existsSync(file)) throw new KaizenError(`${nameOrPath}: no such suite (neither a suite.json path nor a built-in suite in ${BUILTIN_SUITES})`);
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new KaizenError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new KaizenError(
      `${file}: expected an object { name?, training, heldOut, defaults? }, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'a list' : typeof parsed}`,
    );
  const raw = parsed as Record<string, unknown>;
  const dir = dirname(file);
  const tasks = (field: string): SuiteTask[] => {
    const list = raw[field];
    if (!Array.isArray(list) || list.length === 0) throw new KaizenError(`${file}: field ${field}: expected a non-empty list of { dir, scale? }`);
    return list.map((t, i) => {
      const entry = typeof t === 'string' ? { dir: t } : (t as { dir?: unknown; scale?: unknown });
      if (typeof entry?.dir !== 'string') throw new KaizenError(`${file}: field ${field}.${i}.dir: expected a task folder`);
      const abs = resolve(dir, entry.dir);
      if (!existsSync(abs)) throw new KaizenError(`${file}: field ${field}.${i}.dir: ${abs} does not exist`);
      if (entry.scale !== undefined && !(typeof entry.scale === 'number' && entry.scale > 0))
        throw new KaizenError(`${file}: field ${field}.${i}.scale: expected a positive number`);
      return { dir: abs, ...(typeof entry.scale === 'number' ? { scale: entry.scale } : {}) };
    });
  };
  const training = tasks('training');
  const heldOut = tasks('heldOut');
  const defaults = defaultsSchema.safeParse(raw.defaults ?? {});
  if (!defaults.success) {
    const issue = defaults.error.issues[0];
    const where = ['defaults', ...issue.path.map(String)].join('.');
    throw new KaizenError(`${file}: field ${where}: ${issue.message.replace(/^\w/, (c) => c.toLowerCase())}`);
  }
  const overlap = training.filter((t) => heldOut.some((h) => h.dir === t.dir));
  if (overlap.length) throw new KaizenError(`${file}: ${overlap.map((t) => t.dir).join(', ')} is both a training and a held-out task`);
  return {
    name: typeof raw.name === 'string' ? raw.name : dirname(file).split('/').pop()!,
    dir,
    file,
    text,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    training,
    heldOut,
    defaults: defaults.data,
  };
}
