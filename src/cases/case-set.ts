import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CasesSpec } from '../config/task.ts';

/** Which cases: public ones may appear in prompts and feedback; hidden ones only ever reach the promotion gate. */
export type CaseSetName = 'public' | 'hidden';

/** One case: its input comes from the generator's seed or from a file of the task. */
export interface CaseRef {
  set: CaseSetName;
  /** Position in its set (0-based); stored with the result. */
  index: number;
  seed: number | null;
  file: string | null;
}

export const DEFAULT_PUBLIC_SEEDS = Array.from({ length: 20 }, (_, i) => i);
export const DEFAULT_HIDDEN_COUNT = 50;

/** The public cases, in order: the listed seeds (default 0–19), then the files. */
export function publicCases(spec: CasesSpec): CaseRef[] {
  const seeds = spec.public?.seeds ?? (spec.public?.files?.length ? [] : DEFAULT_PUBLIC_SEEDS);
  const refs: CaseRef[] = seeds.map((seed, index) => ({ set: 'public', index, seed, file: null }));
  for (const file of spec.public?.files ?? []) refs.push({ set: 'public', index: refs.length, seed: null, file });
  return refs;
}

/**
 * The hidden cases: seeds drawn from a secret (derived from the run's signing key, which never leaves the trusted
 * process), avoiding the public seeds. Without the secret nobody can tell which inputs they are.
 */
export function hiddenCases(spec: CasesSpec, secret: Buffer): CaseRef[] {
  const count = spec.hidden?.count ?? DEFAULT_HIDDEN_COUNT;
  const taken = new Set(spec.public?.seeds ?? DEFAULT_PUBLIC_SEEDS);
  const refs: CaseRef[] = [];
  for (let draw = 0; refs.length < count; draw++) {
    const seed = createHmac('sha256', secret).update(`kaizen.hidden-case.${draw}`).digest().readUInt32BE(0);
    if (taken.has(seed)) continue;
    taken.add(seed);
    refs.push({ set: 'hidden', index: refs.length, seed, file: null });
  }
  return refs;
}

/** Inputs by case, generated once per process (generators are deterministic) and read once per file. */
export class CaseInputs {
  private readonly cache = new Map<string, string>();
  private readonly spec: CasesSpec;
  private readonly taskDir: string;

  constructor(spec: CasesSpec, taskDir: string) {
    this.spec = spec;
    this.taskDir = taskDir;
  }

  input(ref: CaseRef): string {
    const key = ref.file !== null ? `file:${ref.file}` : `seed:${ref.seed}`;
    let text = this.cache.get(key);
    if (text === undefined) {
      text = ref.file !== null ? readFileSync(resolve(this.taskDir, ref.file), 'utf8') : this.generate(ref.seed ?? 0);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(key, text);
    }
    return text;
  }

  private generate(seed: number): string {
    const text = this.spec.generate(seed);
    if (typeof text !== 'string') throw new Error(`cases.generate(${seed}) returned ${typeof text}, not the input text`);
    return text;
  }
}

/** How a case is named to people and models: `seed 7` or the file. */
export function caseLabel(ref: Pick<CaseRef, 'index' | 'seed' | 'file'>): string {
  return `case ${ref.index} (${ref.file ?? `seed ${ref.seed}`})`;
}
