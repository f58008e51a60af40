// A paper as LaTeX, and its PDF built by pdflatex inside the process sandbox.
//
// The LaTeX is lean on purpose: the article class, geometry, graphicx and hyperref (all in Debian's
// texlive-latex-base), booktabs when installed (texlive-latex-recommended; plain rules otherwise), Computer Modern in
// its default encoding (Type 1 fonts from texlive-base: no font generation). Figures are drawn in LaTeX's own picture
// mode from the same data as the SVGs, so no converter is needed.
//
// pdflatex runs as a candidate would: in the sandbox (bubblewrap: no network, the scratch folder the only writable
// path, a wall-clock limit), with -no-shell-escape, twice (for the citations and links). TeX's configuration and
// formats outside /usr (/etc/texmf, /var/lib/texmf on Debian) are bound read-only. The PDF comes back as base64 on
// stdout (the sandbox's text output), so nothing but the request's own output leaves the sandbox.

import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plot } from '../report/svg.ts';
import { ProcessSandbox } from '../sandbox/process.ts';
import { which } from '../sandbox/which.ts';
import type { Reference } from './bibliography.ts';
import type { Block, Inline, Paper } from './paper.ts';
import { factExtras, formatFact, verdictText } from './facts.ts';

/** What to install where pdflatex is missing (Debian/Ubuntu). booktabs (texlive-latex-recommended) is optional. */
export const TEX_PACKAGES = 'texlive-latex-base';
export const TEX_PACKAGES_OPTIONAL = 'texlive-latex-recommended';

const MATH: Record<string, string> = {
  '±': '$\\pm$',
  '×': '$\\times$',
  '→': '$\\to$',
  '←': '$\\leftarrow$',
  '−': '$-$',
  '√': '$\\surd$',
  '≤': '$\\le$',
  '≥': '$\\ge$',
  '≈': '$\\approx$',
  '·': '$\\cdot$',
  '…': '\\ldots{}',
  '—': '---',
  '–': '--',
  '“': '``',
  '”': "''",
  '‘': '`',
  '’': "'",
  '\u00a0': '~',
};

/** Text for LaTeX: special characters escaped; Latin letters with accents kept (utf8); other symbols mapped or `?`. */
export function latexEscape(s: string): string {
  let out = '';
  let previous = ' ';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    const opening = /[\s([{]/.test(previous);
    previous = ch;
    if (ch === '\\') out += '\\textbackslash{}';
    else if ('{}$&#_%'.includes(ch)) out += `\\${ch}`;
    else if (ch === '^') out += '\\^{}';
    else if (ch === '~') out += '\\~{}';
    else if (ch === '<') out += '\\textless{}';
    else if (ch === '>') out += '\\textgreater{}';
    else if (ch === '|') out += '\\textbar{}';
    else if (ch === '"') out += opening ? '``' : "''";
    else if (MATH[ch]) out += MATH[ch];
    else if (code === 10 || code === 9) out += ' ';
    else if (code < 32 || code === 127) out += '';
    else if (code < 128 || (code >= 0xc0 && code <= 0x17f && code !== 0xd7 && code !== 0xf7)) out += ch;
    else out += '?';
  }
  return out;
}

/** A code span: typewriter text whose hyphens and dots may break a line. */
const texCode = (s: string) => `\\texttt{${latexEscape(s).replace(/([-./])/g, '$1\\allowbreak{}')}}`;
const target = (id: string) => `fact:${id.replace(/[^A-Za-z0-9.:-]/g, '-')}`;

function texInline(nodes: readonly Inline[], refs: ReadonlyMap<string, Reference> = new Map()): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return latexEscape(n.s);
        case 'strong':
          return `\\textbf{${texInline(n.c, refs)}}`;
        case 'em':
          return `\\emph{${texInline(n.c, refs)}}`;
        case 'code':
          return texCode(n.s);
        case 'data':
          return n.code ? texCode(n.s) : latexEscape(n.s);
        case 'fact':
          return `\\hyperlink{${target(n.fact.id)}}{${latexEscape(formatFact(n.fact))}}`;
        case 'verdict':
          return n.form === 'word' ? `\\textbf{${verdictText(n.fact, n.form)}}` : verdictText(n.fact, n.form);
        default: // 'cite'
          // Author-year in parentheses, each linked to its entry (hyperref's cite.KEY anchor of \\bibitem).
          return `(${n.keys.map((k) => `\\hyperlink{cite.${k}}{${latexEscape(refs.get(k)?.label ?? k)}}`).join('; ')})`;
      }
    })
    .join('');
}

// ── figures in picture mode ────────────────────────────────────────────────────────────────────────────

const MARKS = [
  '\\circle*{3}',
  '\\circle{3}',
  '\\makebox(0,0){\\scriptsize$\\times$}',
  '\\makebox(0,0){\\scriptsize$+$}',
  '\\makebox(0,0){\\scriptsize$\\diamond$}',
  '\\makebox(0,0){\\scriptsize$\\ast$}',
];
const pt = (x: number) => x.toFixed(1);

/**
 * A plot in LaTeX's picture mode (no package): axes with unlabelled ticks, dots as marks, best-so-far steps as lines.
 * The axis values are left to the SVG and the CSV: a number the PDF prints must be a fact's.
 */
export function latexPlot(plot: Plot): string {
  const W = 330;
  const H = 170;
  const all = plot.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  let [x0, x1] = all.length ? [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))] : [0, 1];
  let [y0, y1] = all.length ? [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))] : [0, 1];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - Math.abs(y0 || 1) * 0.1, y1 + Math.abs(y1 || 1) * 0.1];
  const sx = (x: number) => ((x - x0) / (x1 - x0)) * W;
  const sy = (y: number) => ((y - y0) / (y1 - y0)) * H;
  const out: string[] = ['\\setlength{\\unitlength}{1pt}', `\\begin{picture}(${W + 60},${H + 50})(-50,-35)`, '\\thinlines'];
  out.push(`\\put(0,0){\\line(1,0){${W}}}`, `\\put(0,0){\\line(0,1){${H}}}`);
  for (let i = 0; i <= 4; i++) {
    const x = x0 + ((x1 - x0) * i) / 4;
    const y = y0 + ((y1 - y0) * i) / 4;
    out.push(`\\put(${pt(sx(x))},-3){\\line(0,1){3}}`, `\\put(-3,${pt(sy(y))}){\\line(1,0){3}}`);
  }
  out.push(`\\put(${W / 2},-28){\\makebox(0,0){\\small ${latexEscape(plot.xLabel)}}}`);
  out.push(`\\put(-45,${H + 12}){\\makebox(0,0)[l]{\\small ${latexEscape(plot.yLabel)}}}`);
  plot.series.forEach((s, i) => {
    const mark = MARKS[i % MARKS.length]!;
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (s.kind === 'dots') {
      for (const [x, y] of pts) out.push(`\\put(${pt(sx(x))},${pt(sy(y))}){${mark}}`);
    } else if (pts.length) {
      out.push('\\thicklines');
      for (let j = 0; j < pts.length; j++) {
        const [x, y] = pts[j]!;
        const next = j + 1 < pts.length ? pts[j + 1]! : null;
        const end = next ? sx(next[0]) : W;
        if (end > sx(x)) out.push(`\\put(${pt(sx(x))},${pt(sy(y))}){\\line(1,0){${pt(end - sx(x))}}}`);
        if (next && next[1] !== y) {
          const lo = Math.min(sy(y), sy(next[1]));
          out.push(`\\put(${pt(end)},${pt(lo)}){\\line(0,1){${pt(Math.abs(sy(next[1]) - sy(y)))}}}`);
        }
        if (plot.series.filter((t) => t.kind === 'step').length > 1) out.push(`\\put(${pt(sx(x))},${pt(sy(y))}){${mark}}`);
      }
      out.push('\\thinlines');
    }
    const ly = H + 16 - i * 10;
    const key = s.kind === 'step' && plot.series.filter((t) => t.kind === 'step').length === 1 ? '\\thicklines\\line(1,0){10}\\thinlines' : mark;
    out.push(`\\put(${s.kind === 'step' ? 5 : 10},${ly}){${key}}`, `\\put(20,${ly}){\\makebox(0,0)[l]{\\scriptsize ${latexEscape(s.name)}}}`);
  });
  out.push('\\end{picture}');
  return out.join('\n');
}

// ── the document ───────────────────────────────────────────────────────────────────────────────────────

const PREAMBLE = [
  '\\documentclass[11pt]{article}',
  '\\usepackage[utf8]{inputenc}',
  '\\usepackage[margin=2.5cm]{geometry}',
  '\\usepackage{graphicx}',
  '\\IfFileExists{booktabs.sty}{\\usepackage{booktabs}}{\\newcommand{\\toprule}{\\hline}\\newcommand{\\midrule}{\\hline}\\newcommand{\\bottomrule}{\\hline}}',
  '\\usepackage[hidelinks]{hyperref}',
  '\\sloppy',
  // The math bullet (cmsy, Type 1): the text bullet would need a TS1 font that is generated as a bitmap when missing.
  '\\renewcommand{\\labelitemi}{$\\bullet$}',
];

/** The paper as one LaTeX file (the bibliography inline, as thebibliography with author-year labels). */
export function renderLatex(paper: Paper): string {
  const refs = new Map(paper.references.map((r) => [r.key, r]));
  const inl = (c: readonly Inline[]) => texInline(c, refs);
  const out: string[] = [
    '% Written by `kaizen paper` from the record: every number links to its fact (see the Facts section);',
    '% `kaizen paper verify` re-derives them. Build: pdflatex -no-shell-escape paper.tex (twice).',
    ...PREAMBLE,
  ];
  const blocks = paper.blocks;
  const title = blocks.find((b): b is Extract<Block, { t: 'title' }> => b.t === 'title');
  out.push(
    `\\title{${title ? inl(title.c) : latexEscape(paper.title)}}`,
    '\\author{Written by Kaizen from its signed record}',
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
  );
  let inAbstract = false;
  const closeAbstract = () => {
    if (inAbstract) out.push('\\end{abstract}');
    inAbstract = false;
  };
  blocks.forEach((b, i) => {
    switch (b.t) {
      case 'title':
        break;
      case 'section': {
        closeAbstract();
        const name = inl(b.c);
        const next = blocks[i + 1];
        if (name === 'Abstract') {
          out.push('\\begin{abstract}');
          inAbstract = true;
        } else if (next?.t === 'references') {
          // thebibliography prints its own heading
        } else if (name === 'Facts') out.push('\\section*{Facts}');
        else out.push(`\\section{${name}}`);
        break;
      }
      case 'subsection':
        out.push(`\\subsection{${inl(b.c)}}`);
        break;
      case 'p':
        out.push(inl(b.c), '');
        break;
      case 'list':
        out.push('\\begin{itemize}', ...b.items.map((item) => `\\item ${inl(item)}`), '\\end{itemize}');
        break;
      case 'table': {
        const cols = b.head.length;
        out.push(
          '\\begin{center}\\small',
          '\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%',
          `\\begin{tabular}{${'l'.repeat(cols)}}`,
          '\\toprule',
          `${b.head.map(inl).join(' & ')} \\\\`,
          '\\midrule',
          ...b.rows.map((r) => `${r.map(inl).join(' & ')} \\\\`),
          '\\bottomrule',
          '\\end{tabular}}',
          '\\end{center}',
        );
        break;
      }
      case 'figure':
        out.push(
          '\\begin{center}',
          latexPlot(b.figure.plot),
          '',
          `{\\small ${latexEscape(b.figure.caption)} Data: \\texttt{figures/${latexEscape(b.figure.name)}.csv}.}`,
          '\\end{center}',
        );
        break;
      case 'references': {
        closeAbstract();
        out.push('\\begin{thebibliography}{}');
        for (const r of paper.references) {
          const text = [
            `${latexEscape(r.authors || r.title)} (${latexEscape(r.year)}).`,
            r.authors ? ` \\emph{${latexEscape(r.title)}}.` : '',
            r.venue ? ` ${latexEscape(r.venue)}.` : '',
          ].join('');
          const url = r.url ? ` \\url{${r.url.replace(/([%#\\])/g, '\\$1')}}` : '';
          out.push(`\\bibitem[${latexEscape(r.label)}]{${r.key}} ${text}${url}`);
        }
        out.push('\\end{thebibliography}');
        break;
      }
      case 'facts':
        out.push('{\\small', '\\begin{description}');
        for (const f of paper.facts) {
          const extras = factExtras(f);
          out.push(
            `\\item[\\hypertarget{${target(f.id)}}{${texCode(f.id)}}] ${latexEscape(formatFact(f))}${f.unit ? ` ${latexEscape(f.unit)}` : ''}${extras === '—' ? '' : ` (${latexEscape(extras)})`}. ${texCode(f.rule)}: ${latexEscape(f.description)}. From run ${texCode(f.source.runId)}, event \\#${f.source.seq}, sha256 ${texCode(f.source.hash.slice(0, 16))}\\ldots{}`,
          );
        }
        out.push('\\end{description}', '}');
        break;
    }
  });
  closeAbstract();
  out.push('\\end{document}', '');
  return out.join('\n');
}

// ── the PDF ────────────────────────────────────────────────────────────────────────────────────────────

/** TeX's folders outside /usr that pdflatex reads (configuration, formats, font maps), as kpsewhich names them. */
export function texReadOnlyPaths(pdflatex: string): string[] {
  const found = new Set<string>(['/etc/texmf', '/var/lib/texmf']);
  const kpsewhich = which('kpsewhich', `${dirname(pdflatex)}:/usr/bin:/bin`);
  if (kpsewhich) {
    for (const v of ['TEXMFROOT', 'TEXMFDIST', 'TEXMFMAIN', 'TEXMFLOCAL', 'TEXMFSYSVAR', 'TEXMFSYSCONFIG']) {
      const r = spawnSync(kpsewhich, [`-var-value=${v}`], { encoding: 'utf8', timeout: 5000 });
      const value = r.status === 0 ? r.stdout.trim() : '';
      for (const p of value.split(':')) if (p.startsWith('/') && !p.includes('{') && !p.includes('$')) found.add(p);
    }
  }
  // A TeX Live of its own (e.g. /usr/local/texlive/2024/bin/…/pdflatex): its tree holds the binary too.
  try {
    found.add(dirname(realpathSync(pdflatex)));
  } catch {
    // not resolvable: the binary itself is bound as the command
  }
  return [...found].filter((p) => existsSync(p) && !p.startsWith('/usr/')).sort();
}

/** pdflatex twice, then the PDF as base64 on stdout; on an error, the log's error lines on stderr. */
const SCRIPT = [
  'run() { pdflatex -no-shell-escape -interaction=nonstopmode -halt-on-error paper.tex >/dev/null 2>&1 || {',
  '  echo "pdflatex failed:" >&2; grep -A4 "^!" paper.log >&2 || tail -n 30 paper.log >&2; exit 1; }; }',
  'run && run && base64 -w0 paper.pdf',
].join('\n');

/**
 * Builds the PDF of a LaTeX file with pdflatex in the process sandbox. Without pdflatex on PATH, a message naming the
 * Debian packages to install; without bubblewrap, the sandbox's own refusal (unless KAIZEN_ALLOW_UNSANDBOXED=1).
 */
export async function compilePdf(tex: string, options: { timeoutMs?: number } = {}): Promise<{ pdf: Buffer; ms: number } | { message: string }> {
  const pdflatex = which('pdflatex');
  if (!pdflatex) {
    return {
      message: `paper.pdf skipped: pdflatex is not on PATH (Debian/Ubuntu: apt-get install ${TEX_PACKAGES}; ${TEX_PACKAGES_OPTIONAL} adds booktabs rules to the tables); paper.tex builds with pdflatex -no-shell-escape paper.tex, twice`,
    };
  }
  const sandbox = new ProcessSandbox({ readOnlyPaths: texReadOnlyPaths(pdflatex) });
  try {
    const started = performance.now();
    const result = await sandbox.run({
      kind: 'command',
      code: tex,
      programFile: 'paper.tex',
      command: ['sh', '-c', SCRIPT],
      output: 'text',
      env: { PATH: `${dirname(pdflatex)}:/usr/bin:/bin`, LC_ALL: 'C', SOURCE_DATE_EPOCH: '0', FORCE_SOURCE_DATE: '1' },
      limits: { timeoutMs: options.timeoutMs ?? 60_000, memoryMb: 1024, outputMaxBytes: 64 * 1024 * 1024, logMaxBytes: 64 * 1024 },
    });
    const ms = performance.now() - started;
    if (!result.ok) {
      const why = (result.stderr.trim() || result.error || result.failure || 'unknown error').split('\n').slice(0, 12).join('\n');
      return { message: `paper.pdf not written: pdflatex in the sandbox failed (${result.failure}): ${why}` };
    }
    const pdf = Buffer.from(String(result.output ?? '').trim(), 'base64');
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { message: 'paper.pdf not written: pdflatex produced no PDF' };
    return { pdf, ms };
  } finally {
    await sandbox.close();
  }
}
