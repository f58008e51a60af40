// Which constant a numeric edit changed, and in which direction, read from its change text: the numeric operator
// writes `constants line 12: 0.08 → 0.0731; line 30: 5 → 6`; `constants 0.08 → 0.0731 at line 12` is read too.

export interface ConstantSite {
  line: number;
  direction: 'raise' | 'lower';
  from: string;
  to: string;
}

const LINE_FIRST = /line (\d+): (\S+) → (\S+)/g;
const LINE_LAST = /(\S+) → (\S+) at line (\d+)/g;

/** A literal's value: `(-0.5)` (a negated literal) included; NaN when it is not a plain number. */
function value(literal: string): number {
  const m = /^\(?(-?[^()]+)\)?$/.exec(literal.replace(/[,;]$/, ''));
  return m ? Number(m[1]) : Number.NaN;
}

function site(line: string, from: string, to: string): ConstantSite | null {
  const a = value(from);
  const b = value(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return null;
  return { line: Number(line), direction: b > a ? 'raise' : 'lower', from, to: to.replace(/[,;]$/, '') };
}

/** The constants a change raised or lowered; empty for a change that is not a constants edit. */
export function constantSites(change: string): ConstantSite[] {
  if (!/^constants\b/.test(change)) return [];
  const out: ConstantSite[] = [];
  for (const m of change.matchAll(LINE_FIRST)) {
    const s = site(m[1], m[2], m[3]);
    if (s) out.push(s);
  }
  if (out.length === 0) {
    for (const m of change.matchAll(LINE_LAST)) {
      const s = site(m[3], m[1], m[2]);
      if (s) out.push(s);
    }
  }
  return out;
}
