// The report of an improve run: lineage and diffs, training and held-out scores with spread, the compounding curve.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { plotSvg } from '../report/svg.ts';
import { improverDiff } from './improver.ts';
import { fmt } from './format.ts';
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
  out.push('## Archive', '', '| improver | parent | gen | origin | children | training | held-out | status |', '|---|---|---|---|---|---|---|---|');
  for (const e of r.archive) {
    out.push(
      `| ${e.improver.id}${e.improver.id === r.finalDefault ? ' (default)' : ''} | ${e.improver.parent ?? '—'} | ${e.generation} | ${e.improver.origin} | ${e.children} | ${stat(e.training)} | ${stat(e.heldOut)} | ${e.status}${e.gate ? `: ${e.gate.reason}` : ''} |`,
    );
  }
  out.push('');
  if (r.rejected.length) {
    out.push('## Rejected variants', '');
    for (const x of r.rejected) out.push(`- generation ${x.generation} (${x.origin}): ${x.reasons.join('; ')}`);
    out.push('');
  }
  out.push('## Compounding curve', '', '| generation | best training mean | best inner run | default improver |', '|---|---|---|---|');
  for (const p of r.curve) out.push(`| ${p.generation} | ${fmt(p.bestTraining)} | ${fmt(p.bestInner)} | ${p.defaultId} |`);
  out.push('', '![compounding curve](./curve.svg)', '');
  out.push('## Lineage and diffs', '');
  for (const e of r.archive) out.push(...lineage(e, byId));
  return `${out.join('\n')}\n`;
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
    title: `Compounding curve: suite ${r.suite}`,
    xLabel: 'outer generation',
    yLabel: 'improvement over seed (%)',
    series: [
      { name: 'best training mean', points: r.curve.map((p) => [p.generation, p.bestTraining]), kind: 'step', color: '#1f77b4' },
      { name: 'best inner run', points: r.curve.map((p) => [p.generation, p.bestInner]), kind: 'step', color: '#ff7f0e' },
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
