import type { RunCases } from '../store/figures.ts';
import { CASE_HEAD, caseRows, hiddenText, summaryText } from './cases.ts';
import type { ReportData, ReportFront } from './data.ts';
import { escapeXml, plotSvg } from './svg.ts';

/**
 * Renders a report twice from one outline: Markdown (plots as SVG files beside it) and a single self-contained HTML
 * page (plots inline). Blocks are plain data so both renderers stay trivial.
 */

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'table'; head: string[]; rows: (string | number)[][] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'plot'; name: string; svg: string; alt: string };

interface Section {
  title: string;
  blocks: Block[];
}

const score = (x: number | null) => (x === null ? '—' : String(Number(x.toPrecision(8))));
const usd = (x: number) => `$${x.toFixed(4)}`;

export function outline(d: ReportData): Section[] {
  const r = d.run;
  const c = d.counts;
  const sections: Section[] = [];
  const last = d.best.at(-1);
  sections.push({
    title: 'Summary',
    blocks: [
      {
        kind: 'table',
        head: ['', ''],
        rows: [
          ['run', r.id],
          ['task', r.task_name],
          ['status', r.status],
          ['started', r.created_at],
          [
            'programs',
            `${c.programs} (${c.evaluated} evaluated: ${c.correct} correct, ${c.incorrect} incorrect, ${c.failed} failed; ${c.rejected} rejected; ${c.migrants} migrant copies)`,
          ],
          ['islands', d.islands.map((i) => `#${i.island} ${i.programs} programs, best ${score(i.best)}`).join('; ')],
          [
            'improvements',
            `${c.improvements} (${Object.entries(d.operators)
              .map(([o, g]) => `${o} ${g.improvements} of ${g.proposals} proposals`)
              .join(', ')})`,
          ],
          ['seed score', score(r.seed_score)],
          ['best score', `${score(last?.[1] ?? null)} (program ${r.best_program_id ?? '—'})`],
          ['cost', usd(d.cost.total)],
          ['ledger', ledgerLine(d)],
        ],
      },
    ],
  });
  const curve = plotSvg({
    title: 'Best score so far',
    xLabel: 'evaluations',
    yLabel: 'score',
    series: [
      { name: 'correct programs', points: d.samples, kind: 'dots', color: '#7aa6d8' },
      { name: 'best so far', points: d.best, kind: 'step', color: '#c0392b' },
    ],
  });
  sections.push({
    title: 'Score over the run',
    blocks: [
      { kind: 'plot', name: 'scores', svg: curve, alt: 'best score so far and the score of every correct program, by evaluation' },
      { kind: 'text', text: `${d.best.length} improvement(s) of the best over ${c.evaluated} evaluations; ${d.samples.length} correct programs plotted.` },
    ],
  });
  if (d.cases) sections.push({ title: 'Cases', blocks: casesBlocks(d.cases) });
  if (d.front) sections.push({ title: 'Pareto front', blocks: frontBlocks(d.front, r.best_program_id) });
  sections.push({
    title: 'Failures',
    blocks: d.failures.length
      ? [
          { kind: 'text', text: 'Every evaluated program that did not produce a correct answer, by failure class, with examples.' },
          {
            kind: 'table',
            head: ['failure class', 'count', 'examples (program: error)'],
            rows: d.failures.map((g) => [g.name, g.count, g.examples.map((e) => `#${e.programId}: ${e.text}`).join(' · ')]),
          },
        ]
      : [{ kind: 'text', text: 'No evaluated program failed.' }],
  });
  sections.push({
    title: 'Rejections',
    blocks: d.rejections.length
      ? [
          { kind: 'text', text: 'Proposals refused before they ran, by category and reason.' },
          {
            kind: 'table',
            head: ['category', 'reason', 'count', 'examples (program: detail)'],
            rows: d.rejections.flatMap((cat) =>
              cat.reasons.map((g) => [cat.category, g.name, g.count, g.examples.map((e) => `#${e.programId}: ${e.text}`).join(' · ')]),
            ),
          },
        ]
      : [{ kind: 'text', text: 'No proposal was rejected.' }],
  });
  sections.push({
    title: 'Safeguards: violations, overfitting, drift',
    blocks: d.safeguards.length
      ? [
          { kind: 'table', head: ['event', 'count'], rows: d.safeguards.map((s) => [s.type, s.count]) },
          {
            kind: 'table',
            head: ['event', 'id', 'program', 'data'],
            rows: d.safeguards.flatMap((s) => s.examples.map((e) => [s.type, e.eventId, e.programId ?? '—', e.data])),
          },
        ]
      : [{ kind: 'text', text: 'No violation, overfit or drift.warning event was recorded.' }],
  });
  sections.push({
    title: 'Cost',
    blocks: [
      { kind: 'text', text: `In all ${usd(d.cost.total)}: proposals ${usd(d.cost.proposals)}, novelty judging, embeddings and lessons ${usd(d.cost.other)}.` },
      { kind: 'table', head: ['model', 'proposals', 'cost'], rows: d.cost.byModel.map((m) => [m.name, m.proposals, usd(m.cost)]) },
      { kind: 'table', head: ['operator', 'proposals', 'cost'], rows: d.cost.byOperator.map((m) => [m.name, m.proposals, usd(m.cost)]) },
    ],
  });
  const lineage: Block[] = d.lineage.length ? [] : [{ kind: 'text', text: 'No champion was recorded.' }];
  for (const s of d.lineage) {
    const who = s.model ? `${s.operator}, ${s.model}` : s.operator;
    lineage.push({
      kind: 'text',
      text: `**Program ${s.id}** (${who}, island ${s.island}): score ${s.correct ? score(s.score) : 'incorrect'}${s.change ? ` — ${s.change}` : ''}`,
    });
    if (s.patch) lineage.push({ kind: 'code', lang: 'diff', text: s.patch });
  }
  sections.push({ title: "The champion's lineage", blocks: lineage });
  sections.push({
    title: 'Events',
    blocks: [{ kind: 'table', head: ['type', 'count'], rows: Object.entries(d.eventCounts).sort((a, b) => b[1] - a[1]) }],
  });
  return sections;
}

/** A multi-case run: the champion's public cases one by one, its hidden cases summarised, stages, hidden score. */
function casesBlocks(c: RunCases): Block[] {
  const champ = c.champion;
  const blocks: Block[] = [
    {
      kind: 'text',
      text: champ
        ? `The champion, **program ${c.championId}**${champ.stage === null ? '' : `, reached stage ${champ.stage}`}; public: ${summaryText(champ.summary)}.`
        : 'No champion with case results was recorded.',
    },
  ];
  if (champ?.results.length) blocks.push({ kind: 'table', head: CASE_HEAD, rows: caseRows(champ.results) });
  blocks.push({
    kind: 'text',
    text: `${hiddenText(champ?.hiddenSummary ?? null, c.hiddenScore, c.checks)}. Hidden cases are only summarised: their seeds and inputs never leave the run.`,
  });
  blocks.push(
    c.stages.length
      ? { kind: 'table', head: ['stage reached', 'programs'], rows: c.stages.map((s) => [`stage ${s.stage}`, s.programs]) }
      : { kind: 'text', text: 'No program reached a cascade stage.' },
  );
  if (c.history.length) {
    blocks.push(
      { kind: 'text', text: "The champion's hidden-case score at each promotion (the ledger's `champion.changed` events)." },
      {
        kind: 'table',
        head: ['promotion', 'program', 'evaluations', 'search score', 'hidden score', 'hidden mean case score'],
        rows: c.history.map((h, i) => [i + 1, h.programId ?? '—', h.evaluated, score(h.score), score(h.hidden), score(h.hiddenMean)]),
      },
    );
    const points = c.history.flatMap((h): [number, number][] => (h.hidden === null ? [] : [[h.evaluated, h.hidden]]));
    if (points.length)
      blocks.push({
        kind: 'plot',
        name: 'hidden',
        svg: plotSvg({
          title: "Champion's hidden-case score",
          xLabel: 'evaluations',
          yLabel: 'hidden score',
          series: [{ name: 'hidden score at promotion', points, kind: 'step', color: '#8e44ad' }],
        }),
        alt: "the champion's hidden-case score at each promotion, by evaluation",
      });
  }
  return blocks;
}

/** A rule as a reader says it: "sum_radii is primary (ties broken by code_bytes)" or "the weighted sum 2 × a − 0.5 × b". */
function championText(f: ReportFront): string {
  const rule = f.champion;
  if ('primary' in rule) {
    const others = f.objectives.filter((o) => o.name !== rule.primary).map((o) => o.name);
    const how = `**${rule.primary}** is primary${others.length ? ` (ties broken by ${others.join(', then ')})` : ''}`;
    return f.championDeclared ? how : `none declared, so the first objective, ${how}`;
  }
  const terms = f.objectives
    .filter((o) => (rule.weights[o.name] ?? 0) !== 0)
    .map((o, i) => {
      const sign = o.direction === 'min' ? '−' : '+';
      return `${i === 0 ? (sign === '−' ? '−' : '') : ` ${sign} `}${score(rule.weights[o.name])} × ${o.name}`;
    });
  return `the weighted sum ${terms.join('') || '0'} (minimised objectives negated)`;
}

const valuesText = (f: ReportFront, values: Record<string, number>) => f.objectives.map((o) => `${o.name} ${score(values[o.name] ?? null)}`).join(', ');

/**
 * A multi-objective run: its objectives and champion rule, the front (size, hypervolume, its programs), whether it
 * dominates the seed, a scatter of the first two objectives and the hypervolume's growth. Every number is runFront's.
 */
function frontBlocks(f: ReportFront, championId: number | null): Block[] {
  const [ox, oy] = f.objectives;
  const objectives = f.objectives.map(
    (o) => `**${o.name}** (${o.direction === 'max' ? 'maximised' : 'minimised'}${o.reference === undefined ? '' : `, reference ${score(o.reference)}`})`,
  );
  const hv =
    f.hypervolume === null || f.reference === null
      ? 'no hypervolume (declare a reference value for every objective)'
      : `hypervolume **${score(f.hypervolume)}** against the reference point (${valuesText(f, f.reference)})`;
  // Best first by the first objective, then the second, then id: the order of the staircase.
  const better = (o: typeof ox, a: Record<string, number>, b: Record<string, number>) =>
    o.direction === 'max' ? b[o.name] - a[o.name] : a[o.name] - b[o.name];
  const rows = [...f.front].sort((a, b) => better(ox, a.values, b.values) || better(oy, a.values, b.values) || a.id - b.id);
  const dominating = new Set(f.seedDominatedBy);
  const note = (id: number) =>
    [id === championId ? 'champion' : '', id === f.seed?.id ? 'seed' : '', dominating.has(id) ? 'dominates the seed' : ''].filter(Boolean).join(', ');
  const blocks: Block[] = [
    { kind: 'text', text: `Objectives: ${objectives.join(', ')}. Champion rule: ${championText(f)}; a program's score is this rule's value.` },
    { kind: 'text', text: `The front holds **${f.front.length}** of ${f.points.length} correct programs; ${hv}.` },
    {
      kind: 'table',
      head: ['program', ...f.objectives.map((o) => `${o.name} (${o.direction})`), 'score', 'note'],
      rows: rows.map((p) => [p.id, ...f.objectives.map((o) => score(p.values[o.name] ?? null)), score(p.score), note(p.id)]),
    },
  ];
  const seed = f.seed;
  blocks.push({
    kind: 'text',
    text: !seed
      ? 'The seed program has no objective values (it was not correct), so nothing is compared with it.'
      : f.seedDominatedBy.length
        ? `The front dominates the seed (program ${seed.id}: ${valuesText(f, seed.values)}): program(s) ${f.seedDominatedBy.join(', ')} are at least as good in every objective and better in one.`
        : f.front.some((p) => p.id === seed.id)
          ? `No program dominates the seed (program ${seed.id}: ${valuesText(f, seed.values)}): it is itself on the front.`
          : `No program of the front dominates the seed (program ${seed.id}: ${valuesText(f, seed.values)}).`,
  });
  const xy = (p: { values: Record<string, number> }): [number, number] => [p.values[ox.name], p.values[oy.name]];
  const label = (p: { id: number; values: Record<string, number> }) => `program ${p.id}: ${valuesText(f, p.values)}`;
  const axis = (o: typeof ox) => `${o.name} (${o.direction === 'max' ? 'higher' : 'lower'} is better)`;
  blocks.push({
    kind: 'plot',
    name: 'front',
    svg: plotSvg({
      title: `Pareto front: ${ox.name} and ${oy.name}`,
      xLabel: axis(ox),
      yLabel: axis(oy),
      pad: 0.04,
      series: [
        { name: `correct programs (${f.points.length})`, points: f.points.map(xy), kind: 'dots', color: '#b0b0b0', radius: 2 },
        // With more objectives the front's projection on two of them is no staircase: its points only.
        ...(f.objectives.length === 2
          ? [
              {
                name: 'front',
                points: f.front.map(xy),
                kind: 'staircase' as const,
                color: '#c0392b',
                corner: ox.direction === 'max' ? ('vh' as const) : ('hv' as const),
              },
            ]
          : []),
        {
          name: `front programs (${f.front.length})`,
          points: f.front.map(xy),
          kind: 'dots',
          color: '#c0392b',
          radius: 4,
          className: 'front',
          labels: f.front.map(label),
        },
        ...(seed
          ? [
              {
                name: `seed (program ${seed.id})`,
                points: [xy(seed)],
                kind: 'dots' as const,
                color: '#1f2d3d',
                shape: 'ring' as const,
                className: 'seed',
                labels: [label(seed)],
              },
            ]
          : []),
      ],
    }),
    alt: `every correct program by ${ox.name} and ${oy.name}, the Pareto front highlighted and joined, the seed ringed`,
  });
  if (f.objectives.length > 2) {
    blocks.push({
      kind: 'text',
      text: `The plot shows the first two of ${f.objectives.length} objectives; the front is over all of them, so some of its points may look dominated here.`,
    });
  }
  if (f.growth.length) {
    const withHv = f.reference !== null;
    blocks.push(
      {
        kind: 'plot',
        name: 'front-growth',
        svg: plotSvg({
          title: withHv ? 'Hypervolume of the front' : 'Size of the front',
          xLabel: 'correct programs evaluated',
          yLabel: withHv ? 'hypervolume' : 'front size',
          series: [
            {
              name: withHv ? 'hypervolume' : 'front size',
              points: f.growth.map((g) => [g.evaluated, (withHv ? g.hypervolume : g.front) ?? Number.NaN]),
              kind: 'step',
              color: '#8e44ad',
            },
          ],
        }),
        alt: `the front's ${withHv ? 'hypervolume' : 'size'} as the correct programs were evaluated`,
      },
      {
        kind: 'table',
        head: ['correct programs evaluated', 'front size', 'hypervolume'],
        rows: f.growth.map((g) => [g.evaluated, g.front, score(g.hypervolume)]),
      },
    );
  }
  return blocks;
}

function ledgerLine(d: ReportData): string {
  const l = d.ledger;
  const state = l.problems.length ? `${l.problems.length} problem(s): ${l.problems[0]}` : 'chain and signature verify';
  return `${state}; ${l.events} events, head #${l.signedSeq ?? '—'} signed${l.unsigned ? `, ${l.unsigned} unsigned` : ''} (run \`kaizen verify\` to re-execute)`;
}

const fence = (text: string) => (text.includes('```') ? '~~~~' : '```');
const mdCell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown; plots are referenced as `<prefix>-<name>.svg` and returned for the caller to write beside the report. */
export function renderMarkdown(d: ReportData, prefix: string): { text: string; files: { name: string; svg: string }[] } {
  const files: { name: string; svg: string }[] = [];
  const out: string[] = [`# Kaizen report: ${d.run.task_name}`, ''];
  for (const s of outline(d)) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      if (b.kind === 'text') out.push(b.text, '');
      else if (b.kind === 'code') out.push(`${fence(b.text)}${b.lang}`, b.text.trimEnd(), fence(b.text), '');
      else if (b.kind === 'plot') {
        const name = `${prefix}-${b.name}.svg`;
        files.push({ name, svg: b.svg });
        out.push(`![${b.alt}](${encodeURI(name)})`, '');
      } else {
        out.push(`| ${b.head.map(mdCell).join(' | ')} |`, `|${b.head.map(() => ' --- ').join('|')}|`);
        for (const row of b.rows) out.push(`| ${row.map(mdCell).join(' | ')} |`);
        out.push('');
      }
    }
  }
  return { text: out.join('\n'), files };
}

const bold = (html: string) => html.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`(.+?)`/g, '<code>$1</code>');

/** One self-contained HTML page: the plots are inline SVG. */
export function renderHtml(d: ReportData): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Kaizen report: ${escapeXml(d.run.task_name)}</title>`,
    '<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5em;overflow-x:auto}</style>',
    '</head><body>',
    `<h1>Kaizen report: ${escapeXml(d.run.task_name)}</h1>`,
  ];
  for (const s of outline(d)) {
    out.push(`<h2>${escapeXml(s.title)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'text') out.push(`<p>${bold(escapeXml(b.text))}</p>`);
      else if (b.kind === 'code') out.push(`<pre><code class="language-${b.lang}">${escapeXml(b.text)}</code></pre>`);
      else if (b.kind === 'plot') out.push(`<figure>${b.svg}<figcaption>${escapeXml(b.alt)}</figcaption></figure>`);
      else {
        out.push(`<table><thead><tr>${b.head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>`);
        for (const row of b.rows) out.push(`<tr>${row.map((v) => `<td>${bold(escapeXml(String(v)))}</td>`).join('')}</tr>`);
        out.push('</tbody></table>');
      }
    }
  }
  out.push('</body></html>', '');
  return out.join('\n');
}
