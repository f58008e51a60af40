// The report of an improve run: the noise the scores carry, lineage and diffs, training and held-out scores with
// spread and whether each variant's difference from the default is within noise, and the best-so-far curve labelled
// for what it is beside the gated results.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { plotSvg } from '../report/svg.ts';
import { improverDiff } from './improver.ts';
import { fmt } from './format.ts';
import { type Comparison, compareWithNoise, type Noise } from './noise.ts';
import type { ArchiveEntry, ImproveResult, Stats } from './types.ts';

const stat = (s: Stats | undefined) => (s ? `${fmt(s.mean)} ± ${fmt(s.sd)} (n=${s.perSeed.length})` : '—');

const sessions = (r: ImproveResult) =>
  r.sessions > 1
    ? ` of work over ${r.sessions} sessions (resumed ${r.sessions - 1}×; ${r.innerRuns.restored} inner runs restored from the record in the last)`
    : '';

export function renderImproveReport(r: ImproveResult): string {
  const byId = new Map(r.archive.map((e) => [e.improver.id, e]));
  const out: string[] = [];
  out.push(`# Improve run ${r.runId}: suite \`${r.suite}\``, '');
  if (r.status === 'interrupted') out.push(`**Interrupted:** ${r.verdictText}. What follows is the record so far.`, '');
  else out.push(`**Verdict:** ${r.verdict === 'promoted' ? 'a variant was promoted' : 'none promoted'}: ${r.verdictText}.`, '');
  out.push(
    `Settings: ${r.options.generations} generations, ${r.options.seeds} seeds, inner budget ${r.options.innerBudget} samples, DGM k = ${r.options.k}, outer seed ${r.options.seed}, ${r.options.models.length ? `models ${r.options.models.join(', ')}` : 'offline improver'}; ${(r.durationMs / 1000).toFixed(1)} s${sessions(r)}. Database: \`${r.db}\`.`,
    '',
  );
  out.push(
    "Scores: each inner run scores 100 · (best − seed) / scale (percent improvement over the task's own seed program; scale = |seed score| unless the suite sets one); an improver's score for a seed is the mean over the task set; shown as mean ± sd over seeds. The gate promotes a variant only if its held-out mean beats the current default by more than 2 × the pooled standard error.",
    '',
  );
  const root = r.archive.find((e) => e.improver.id === r.initialDefault);
  const vsDefault = (e: ArchiveEntry): Comparison | null => (root && e !== root ? compareWithNoise(e.training, root.training, r.noise) : null);
  out.push(...noiseSection(r.noise, root?.improver.id ?? r.initialDefault));
  if (r.unread.length)
    out.push(
      `Settings the inner runs do not read under the default policy (offline mutations leave them alone; a model's variant changing only such settings is refused): ${r.unread.map((u) => `\`${u.path}\` (${u.why})`).join('; ')}.`,
      '',
    );
  out.push(
    '## Archive',
    '',
    '| improver | parent | gen | origin | children | training | training vs the initial default | held-out | status |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const e of r.archive) {
    out.push(
      `| ${e.improver.id}${e.improver.id === r.finalDefault ? ' (default)' : ''} | ${e.improver.parent ?? '—'} | ${e.generation} | ${e.improver.origin} | ${e.children} | ${stat(e.training)} | ${vsDefault(e)?.text ?? '—'} | ${stat(e.heldOut)} | ${e.status}${e.gate ? `: ${e.gate.reason}` : ''} |`,
    );
  }
  out.push('', ...withinNoiseSummary(r.archive.flatMap((e) => (vsDefault(e) ? [{ id: e.improver.id, c: vsDefault(e)! }] : []))), '');
  if (r.rejected.length) {
    out.push('## Rejected variants', '');
    for (const x of r.rejected) out.push(`- generation ${x.generation} (${x.origin}): ${x.reasons.join('; ')}`);
    out.push('');
  }
  out.push(
    '## Compounding curve: best-so-far of estimates, not gated progress',
    '',
    'The first two columns are running maxima of noisy estimates: they can only rise, and they rise with the number of variants tried even when no variant is better. Progress is what the gate accepted: the default improver and its held-out mean, which change only on a promotion.',
    '',
    '| generation | best-so-far training mean (estimate) | best-so-far inner run (estimate) | default improver (gated) | its held-out mean |',
    '|---|---|---|---|---|',
  );
  const heldOutOf = (id: string) => r.archive.find((e) => e.improver.id === id)?.heldOut;
  for (const p of r.curve) out.push(`| ${p.generation} | ${fmt(p.bestTraining)} | ${fmt(p.bestInner)} | ${p.defaultId} | ${stat(heldOutOf(p.defaultId))} |`);
  out.push('', '![best-so-far of estimates and the gated default](./curve.svg)', '');
  out.push('## Lineage and diffs', '');
  for (const e of r.archive) out.push(...lineage(e, byId));
  return `${out.join('\n')}\n`;
}

/** What the scores' noise is: the inner runs' reproducibility and the default's repeat on the same seeds. */
function noiseSection(noise: Noise | null, rootId: string): string[] {
  const out = ['## Noise', ''];
  if (!noise) return [...out, 'Not measured: the run stopped before the default improver was repeated.', ''];
  out.push(
    noise.concurrency === 1
      ? 'Inner runs ran at concurrency 1: an inner run is reproducible per seed (the same improver, task and seed give the same score).'
      : `Inner runs ran at concurrency ${noise.concurrency}: not reproducible per seed (evaluations finish in varying order, which changes the population later proposals draw parents from).`,
    '',
    `The default improver ${rootId} was run twice on the training tasks with the same seeds: per seed ${noise.first.map((x, i) => `${fmt(x)} → ${fmt(noise.repeat[i] ?? Number.NaN)}`).join(', ')}; ` +
      (noise.repeatSpread === 0
        ? 'the repeat reproduced every score exactly (repeat spread 0).'
        : `the repeat spread (largest difference) is ${fmt(noise.repeatSpread)}: two evaluations of one improver differ by that much.`),
    '',
    "A variant's training difference from the default is **within noise** when it is at most 2 × the pooled standard error over seeds plus the repeat spread; only a difference beyond it says anything, and only the held-out gate promotes.",
    '',
  );
  return out;
}

/** One plain sentence per verdict: which variants' differences from the default are within noise, which beyond. */
function withinNoiseSummary(rows: { id: string; c: Comparison }[]): string[] {
  if (rows.length === 0) return ['No variant was evaluated.'];
  const within = rows.filter((x) => x.c.within);
  const beyond = rows.filter((x) => !x.c.within);
  const list = (xs: typeof rows) => xs.map((x) => `${x.id} (${x.c.diff >= 0 ? '+' : ''}${fmt(x.c.diff)})`).join(', ');
  return [
    within.length === rows.length
      ? `Every variant's training difference from the default is within noise (${list(within)}): none of them measurably differs from the default.`
      : `Within noise (no measurable difference from the default): ${within.length ? list(within) : 'none'}. Beyond noise on training: ${list(beyond)}.`,
  ];
}

function lineage(e: ArchiveEntry, byId: Map<string, ArchiveEntry>): string[] {
  const chain: string[] = [];
  for (let cur: ArchiveEntry | undefined = e; cur; cur = cur.improver.parent ? byId.get(cur.improver.parent) : undefined) chain.push(cur.improver.id);
  const parent = e.improver.parent ? (byId.get(e.improver.parent)?.improver ?? null) : null;
  const d = improverDiff(parent, e.improver);
  const lines = [`### ${e.improver.id}`, '', `Lineage: ${chain.reverse().join(' → ')}${e.improver.note ? `. Note: ${e.improver.note}` : ''}`, ''];
  if (!parent) lines.push("The default improver (the engine's defaults and built-in prompts).", '');
  for (const p of d.policy) lines.push(`- \`${p.path}\`: ${JSON.stringify(p.from)} → ${JSON.stringify(p.to)}`);
  for (const p of d.prompts)
    lines.push(
      '',
      `Prompt \`${p.name}\`:`,
      '',
      '```diff',
      createTwoFilesPatch(`parent/${p.name}`, `child/${p.name}`, p.from, p.to, '', '', { context: 2 }).trim(),
      '```',
    );
  if (parent && d.policy.length === 0 && d.prompts.length === 0) lines.push('(no change)');
  lines.push('');
  return lines;
}

export function curveSvg(r: ImproveResult): string {
  return plotSvg({
    title: `Best-so-far of estimates (not gated progress): suite ${r.suite}`,
    xLabel: 'outer generation',
    yLabel: 'improvement over seed (%)',
    series: [
      { name: 'best-so-far training mean (estimate)', points: r.curve.map((p) => [p.generation, p.bestTraining]), kind: 'step', color: '#1f77b4' },
      { name: 'best-so-far inner run (estimate)', points: r.curve.map((p) => [p.generation, p.bestInner]), kind: 'step', color: '#ff7f0e' },
      {
        name: "gated default's held-out mean",
        points: r.curve.flatMap((p) => {
          const m = r.archive.find((e) => e.improver.id === p.defaultId)?.heldOut?.mean;
          return m === undefined ? [] : [[p.generation, m] as [number, number]];
        }),
        kind: 'step',
        color: '#d62728',
      },
      { name: 'variant training mean', points: r.archive.map((e) => [e.generation, e.training.mean]), kind: 'dots', color: '#2ca02c' },
    ],
  });
}

/** Writes report.md and curve.svg into `dir`; returns the Markdown path. */
export function writeImproveReport(r: ImproveResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, 'report.md');
  writeFileSync(md, renderImproveReport(r));
  writeFileSync(join(dirname(md), 'curve.svg'), curveSvg(r));
  writeFileSync(
    join(dir, 'result.json'),
    JSON.stringify({ ...r, archive: r.archive.map((e) => ({ ...e, improver: { ...e.improver, prompts: Object.keys(e.improver.prompts) } })) }, null, 1),
  );
  return md;
}
