import { frozenChange } from '../operators/evolve-blocks.ts';
import { checkPolicy, type Violation } from '../safeguards/policy.ts';
import type { NoveltyFilter, NoveltyJudge, NoveltyVerdict } from './novelty.ts';

/** A proposed child, as screening sees it. The novelty check leaves the child's embedding on it for later use. */
export interface Candidate {
  island: number;
  parentCode: string;
  code: string;
  /** The model that wrote it (offline operators leave it unset). */
  model?: string;
  vector?: number[];
}

/** Why a candidate may not run. A policy rejection carries the violation, which the run records as such. */
export interface Rejection {
  reason: string;
  detail: string;
  violation?: Violation;
}

/** One cheap check before anything runs: null lets the candidate through. */
export interface ScreenCheck {
  readonly name: string;
  check(candidate: Candidate): Rejection | null | Promise<Rejection | null>;
}

/** Runs the checks in order; the first that refuses decides. */
export async function screen(checks: readonly ScreenCheck[], candidate: Candidate): Promise<Rejection | null> {
  for (const c of checks) {
    const rejection = await c.check(candidate);
    if (rejection) return rejection;
  }
  return null;
}

/** An operator's edit must stay inside the EVOLVE blocks, markers intact. */
export const markersCheck: ScreenCheck = {
  name: 'markers',
  check: (c) => frozenChange(c.parentCode, c.code),
};

/** Code the run already tried (pending, evaluated or failed) is not tried again. */
export function duplicateCheck(triedWith: (code: string) => number | undefined): ScreenCheck {
  return {
    name: 'duplicate',
    check(c) {
      const id = triedWith(c.code);
      return id === undefined ? null : { reason: 'duplicate', detail: `same code as program ${id}` };
    },
  };
}

/** The task's and the language's forbidden patterns (network, file system, process, timing tricks…). */
export function policyCheck(rules: readonly RegExp[]): ScreenCheck {
  return {
    name: 'policy',
    check(c) {
      const violation = checkPolicy(c.code, rules);
      if (!violation) return null;
      return { reason: 'violation', detail: `policy ${violation.rule} at line ${violation.line}: ${violation.excerpt}`, violation };
    },
  };
}

/**
 * Novelty screens what models propose: an edit whose changed region is too close to the nearest program on its
 * island (similarity above the threshold) goes to the judge, if any. The offline operators' edits are deliberately
 * small (one constant, one operator) and exact duplicates are refused already; they are only embedded.
 */
export function noveltyCheck(
  filter: NoveltyFilter,
  options: {
    threshold: number;
    codeOf: (id: number) => Promise<string>;
    judge: () => NoveltyJudge | null;
    /** What embedding and judging cost, apart. */
    onCost: (usd: { embeddings: number; judge: number }) => Promise<void>;
    /** Every verdict of a model's candidate, so the run can count judging and record what was let through. */
    onVerdict?: (verdict: NoveltyVerdict, candidate: Candidate) => void;
  },
): ScreenCheck {
  return {
    name: 'novelty',
    async check(c) {
      const verdict = c.model ? await filter.check(c.island, c.code, options.codeOf, options.judge()) : await filter.embedOnly(c.code);
      await options.onCost({ embeddings: verdict.cost, judge: verdict.judgeCost });
      c.vector = verdict.vector;
      if (c.model) options.onVerdict?.(verdict, c);
      if (verdict.novel) return null;
      const why = verdict.by === 'judge' ? `judge said: ${verdict.judgeReply?.trim().slice(0, 200)}` : 'no judge';
      return {
        reason: 'not-novel',
        detail: `changed region's similarity ${verdict.similarity.toFixed(4)} to program ${verdict.nearestId} on island ${c.island} (threshold ${options.threshold}; ${why})`,
      };
    },
  };
}
