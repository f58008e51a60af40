// The journal as text: the lessons prompts carry (supported claims only, with their figures and evidence) and the full
// listing the LLM lessons step reads (every claim, with its status).

import { type Claim, isRateClaim } from './claim.ts';

/** A fraction as a signed (effects) or plain (rates) percentage: 0.0512 → +5.1%, 0.25 → 25%. */
export function percent(x: number, signed = false): string {
  const v = x * 100;
  const text = Math.abs(v) >= 10 ? String(Math.round(v)) : String(Number(v.toFixed(1)));
  return `${signed && v >= 0 ? '+' : ''}${text === '-0' ? '0' : text}%`;
}

/** The figures of a claim: `effect +5.1% ± 1.2%, 3 comparisons, programs #12 #9 #4`. */
export function figures(c: Claim, maxPrograms = 5): string {
  if (c.n === 0) return isRateClaim(c) ? 'no tries yet' : 'no comparison yet';
  const se = c.se === null ? '' : ` ± ${percent(c.se)}`;
  const head = isRateClaim(c)
    ? `rate ${percent(c.effect)}${se}, ${c.n} ${c.n === 1 ? 'try' : 'tries'}`
    : `effect ${percent(c.effect, true)}${se}, ${c.n} ${c.n === 1 ? 'comparison' : 'comparisons'}`;
  const ids = c.evidence.slice(0, maxPrograms).map((id) => `#${id}`);
  if (c.evidence.length > maxPrograms) ids.push('…');
  return ids.length ? `${head}, programs ${ids.join(' ')}` : head;
}

const sentence = (c: Claim) => c.text.trim().replace(/\.$/, '');

/** The claims prompts may carry: supported on at least two comparisons (or, for rates, tries). */
export function usable(c: Claim): boolean {
  return c.status === 'supported' && c.n >= 2;
}

/** Supported claims, strongest first: effects by their lower bound, then rates (facts to avoid) by rate. */
export function ranked(claims: readonly Claim[]): Claim[] {
  const low = (c: Claim) => c.effect - 2 * (c.se ?? 0);
  const effects = claims.filter((c) => usable(c) && !isRateClaim(c)).sort((a, b) => low(b) - low(a) || a.id.localeCompare(b.id));
  const rates = claims.filter((c) => usable(c) && isRateClaim(c)).sort((a, b) => b.effect - a.effect || a.id.localeCompare(b.id));
  return [...effects, ...rates];
}

/** The lessons text: numbered lines `claim text (effect +x% ± y%, n comparisons, programs #a #b …)`; '' when nothing is supported. */
export function journalLessons(claims: readonly Claim[], maxItems = 8): string {
  return ranked(claims)
    .slice(0, maxItems)
    .map((c, i) => `${i + 1}. ${sentence(c)} (${figures(c)})`)
    .join('\n');
}

/** Every claim with its status and figures, for the LLM lessons step: `- [id] SUPPORTED: text (figures)`. */
export function journalListing(claims: readonly Claim[]): string {
  return claims.map((c) => `- [${c.id}] ${c.status.toUpperCase()}: ${sentence(c)} (${figures(c)})`).join('\n');
}
