import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CasesSpec, GeneratedCase } from '../config/task.ts';

/** Which cases: public ones may appear in prompts and feedback; hidden ones only ever reach the promotion gate. */
export type CaseSetName = 'public' | 'hidden';

/** One case: its input comes from the generator's seed or from a file of the task. */
export interface CaseRef {
  set: CaseSetName;
  /** Position in its set (0-based); stored with the result. */
  index: number;
  seed: number | null;
  file: string | null;
  /** The instance family of a generated case, for tasks that declare families. */
  family: string | null;
}

export const DEFAULT_PUBLIC_SEEDS = Array.from({ length: 20 }, (_, i) => i);
export const DEFAULT_HIDDEN_COUNT = 50;

/** The public cases, in order: the listed seeds (default 0–19), then the files. */
export function publicCases(spec: CasesSpec): CaseRef[] {
  const seeds = spec.public?.seeds ?? (spec.public?.files?.length ? [] : DEFAULT_PUBLIC_SEEDS);
  const family = spec.public?.family ?? null;
  const refs: CaseRef[] = seeds.map((seed, index) => ({ set: 'public', index, seed, file: null, family }));
  for (const file of spec.public?.files ?? []) refs.push({ set: 'public', index: refs.length, seed: null, file, family: null });
  return refs;
}

/**
 * The hidden cases: seeds drawn from a secret (derived from the run's signing key, which never leaves the trusted
 * process), avoiding the public seeds. Without the secret nobody can tell which inputs they are.
 */
export function hiddenCases(spec: CasesSpec, secret: Buffer): CaseRef[] {
  const count = spec.hidden?.count ?? DEFAULT_HIDDEN_COUNT;
  const families = spec.hidden?.families ?? [spec.public?.family ?? null];
  const taken = new Set(spec.public?.seeds ?? DEFAULT_PUBLIC_SEEDS);
  const refs: CaseRef[] = [];
  for (let draw = 0; refs.length < count; draw++) {
    const seed = createHmac('sha256', secret).update(`kaizen.hidden-case.${draw}`).digest().readUInt32BE(0);
    if (taken.has(seed)) continue;
    taken.add(seed);
    refs.push({ set: 'hidden', index: refs.length, seed, file: null, family: families[refs.length % families.length] });
  }
  return refs;
}

/** Seeds `0 … perFamily-1` of each family, in family order: a fixed, pre-registrable set for paired comparisons. */
export function seededCases(families: readonly (string | null)[], perFamily: number, set: CaseSetName = 'public'): CaseRef[] {
  const refs: CaseRef[] = [];
  for (const family of families) {
    for (let seed = 0; seed < perFamily; seed++) refs.push({ set, index: refs.length, seed, file: null, family });
  }
  return refs;
}

/** Inputs (and scorer keys) by case, generated once per process (generators are deterministic) and read once per file. */
export class CaseInputs {
  private readonly cache = new Map<string, GeneratedCase>();
  private readonly spec: CasesSpec;
  private readonly taskDir: string;

  constructor(spec: CasesSpec, taskDir: string) {
    this.spec = spec;
    this.taskDir = taskDir;
  }

  /** What the solver reads. */
  input(ref: Pick<CaseRef, 'seed' | 'file' | 'family'>): string {
    return this.case(ref).input;
  }

  /** The input and the scorer's key (undefined for files and generators that give none). */
  case(ref: Pick<CaseRef, 'seed' | 'file' | 'family'>): GeneratedCase {
    const id = ref.file !== null ? `file:${ref.file}` : `seed:${ref.seed}:${ref.family ?? ''}`;
    let generated = this.cache.get(id);
    if (generated === undefined) {
      generated = ref.file !== null ? { input: readFileSync(resolve(this.taskDir, ref.file), 'utf8') } : this.generate(ref.seed ?? 0, ref.family);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(id, generated);
    }
    return generated;
  }

  private generate(seed: number, family: string | null): GeneratedCase {
    const made = family === null ? this.spec.generate(seed) : this.spec.generate(seed, family);
    const name = `cases.generate(${seed}${family === null ? '' : `, '${family}'`})`;
    if (typeof made === 'string') return { input: made };
    if (made && typeof made === 'object' && typeof made.input === 'string') return { input: made.input, key: made.key };
    throw new Error(`${name} returned ${made === null ? 'null' : typeof made}, not the input text or { input, key }`);
  }
}

/** How a case is named to people and models: `seed 7`, `family B seed 7` or the file. */
export function caseLabel(ref: Pick<CaseRef, 'index' | 'seed' | 'file'> & { family?: string | null }): string {
  return `case ${ref.index} (${ref.file ?? `${ref.family ? `family ${ref.family} ` : ''}seed ${ref.seed}`})`;
}
