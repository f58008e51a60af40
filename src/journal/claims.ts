// The claims the record supports or refutes, built without a model: by operator, by kind of edit, by constant site and
// direction, by CPU use (multi-case tasks) and by failure class. Each is a hypothesis worded so that, once supported, a
// model can act on it; the figures come from the paired comparisons of `trials`.

import { editKind } from '../operators/llm/lessons.ts';
import { mean } from '../util/stats.ts';
import { type Claim, effectClaim, rateClaim, type Sample } from './claim.ts';
import { constantSites } from './constants.ts';
import { type JournalRow, type Trial, trials } from './trials.ts';

/** A child whose mean CPU per case rose (fell) by at least this share over its parent's used more (less). */
export const CPU_CHANGE = 0.2;

const clip = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function groupBy<K>(items: readonly Trial[], keysOf: (t: Trial) => K[]): Map<K, Trial[]> {
  const out = new Map<K, Trial[]>();
  for (const t of items) for (const k of keysOf(t)) out.set(k, [...(out.get(k) ?? []), t]);
  return out;
}

const samplesOf = (ts: readonly Trial[]): Sample[] => ts.flatMap((t) => (t.diff === null ? [] : [{ child: t.child, diff: t.diff }]));

/** The change of the trial that gained most, as an example. */
function bestChange(ts: readonly Trial[]): string | null {
  let best: Trial | null = null;
  for (const t of ts) if (t.diff !== null && t.diff > 0 && (!best || t.diff > (best.diff ?? 0))) best = t;
  return best ? clip(best.change) : null;
}

function operatorClaims(ts: readonly Trial[]): Claim[] {
  return [...groupBy(ts, (t) => [t.operator])].map(([op, group]) => {
    const example = bestChange(group);
    const text = `Proposals by the ${op} operator beat their parent${example ? ` (best so far: "${example}")` : ''}.`;
    return effectClaim(`operator:${op}`, 'operator', text, samplesOf(group));
  });
}

function editClaims(ts: readonly Trial[]): Claim[] {
  return [...groupBy(ts, (t) => [editKind(t.change)])].map(([kind, group]) => {
    const example = bestChange(group);
    const text = `Edits of the kind "${kind}" beat their parent${example ? ` (e.g. "${example}")` : ''}.`;
    return effectClaim(`edit:${kind}`, 'edit', text, samplesOf(group));
  });
}

function constantClaims(ts: readonly Trial[]): Claim[] {
  const sites = new Map<string, { line: number; direction: string; last: string; samples: Sample[] }>();
  for (const t of ts) {
    for (const s of constantSites(t.change)) {
      const key = `constant:line ${s.line}:${s.direction}`;
      const entry = sites.get(key) ?? { line: s.line, direction: s.direction, last: '', samples: [] };
      entry.last = `${s.from} → ${s.to}`;
      if (t.diff !== null) entry.samples.push({ child: t.child, diff: t.diff });
      sites.set(key, entry);
    }
  }
  return [...sites].map(([id, s]) => {
    const verb = s.direction === 'raise' ? 'Raising' : 'Lowering';
    return effectClaim(id, 'constant', `${verb} the constant at line ${s.line} (last tried: ${s.last}) beats the parent.`, s.samples);
  });
}

function cpuClaims(ts: readonly Trial[]): Claim[] {
  const out: Claim[] = [];
  for (const direction of ['more', 'less'] as const) {
    const group = ts.filter((t) => {
      if (!t.cpu || t.cpu.parent <= 0) return false;
      const ratio = t.cpu.child / t.cpu.parent;
      return direction === 'more' ? ratio >= 1 + CPU_CHANGE : ratio <= 1 - CPU_CHANGE;
    });
    if (group.length === 0) continue;
    const limits = group.flatMap((t) => (t.cpu?.limit ? [t.cpu.limit] : []));
    const limitMs = limits.length ? Math.max(...limits) : null;
    const limit = limitMs ? ` of the ${limitMs} ms limit` : '';
    const cpuMean = Math.round(mean(group.map((t) => t.cpu?.child ?? 0)));
    const pct = Math.round(CPU_CHANGE * 100);
    out.push(
      effectClaim(
        `cpu:${direction}`,
        'cpu',
        `Children using at least ${pct}% ${direction} CPU per case than their parent (mean ${cpuMean} ms${limit}) beat it.`,
        samplesOf(group),
      ),
    );
    if (direction === 'more') {
      const cases = group.reduce((a, t) => a + (t.cpu?.cases ?? 0), 0);
      const stopped = group.reduce((a, t) => a + Math.round((t.cpu?.timeLimitRate ?? 0) * (t.cpu?.cases ?? 0)), 0);
      const hit = group.filter((t) => (t.cpu?.timeLimitRate ?? 0) > 0).map((t) => t.child);
      const text = `Children using at least ${pct}% more CPU than their parent hit the ${limitMs ? `${limitMs} ms ` : ''}time limit on some cases (a time-limit scores 0): keep a safety margin.`;
      out.push(rateClaim('cpu:more:time-limit', text, stopped, cases, hit));
    }
  }
  return out;
}

function failureClaims(ts: readonly Trial[]): Claim[] {
  const out: Claim[] = [];
  for (const [op, group] of groupBy(ts, (t) => [t.operator])) {
    for (const [failure, failed] of groupBy(group, (t) => (t.failureClass ? [t.failureClass] : []))) {
      const how = failure === 'incorrect' ? 'give incorrect results' : `fail with ${failure}`;
      const text = `Children of the ${op} operator ${how}; avoid its causes.`;
      out.push(
        rateClaim(
          `failure:${failure}:${op}`,
          text,
          failed.length,
          group.length,
          failed.map((t) => t.child),
        ),
      );
    }
  }
  return out;
}

/** Every claim the record speaks to, in a stable order (by kind, then id). */
export function buildClaims(rows: readonly JournalRow[]): Claim[] {
  const ts = trials(rows);
  const groups = [operatorClaims(ts), editClaims(ts), constantClaims(ts), cpuClaims(ts), failureClaims(ts)];
  return groups.flatMap((g) => g.sort((a, b) => a.id.localeCompare(b.id)));
}
