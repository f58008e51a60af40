import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/cli/report.ts';
import { Store } from '../../src/store/store.ts';
import { smallRun } from '../ledger/support.ts';
import { tempDir } from '../support/tmp.ts';

/** A minimal XML well-formedness check: one root, every tag closed in order, attributes quoted, entities known. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').trim();
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  for (const m of body.matchAll(token)) {
    if (m[6]) throw new Error(`stray < at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[5])) throw new Error(`bad entity in text: ${m[5].slice(0, 40)}`);
      if (stack.length === 0 && m[5].trim()) throw new Error('text outside the root');
      continue;
    }
    if (!m[2]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`</${m[2]}> closes the wrong element`);
    } else {
      if (stack.length === 0) roots++;
      if (!m[4]) stack.push(m[2]);
    }
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

let run: { dir: string; db: string; runId: string };

beforeAll(async () => {
  run = await smallRun(6);
  const store = await Store.open(run.db);
  // The safeguard events the engine will record: the report renders whatever is present, with counts.
  await store.appendEvent(run.runId, 'violation', 3, { kind: 'static', sample: 3, rule: 'forbidden pattern', line: 1, excerpt: 'reads process.env' });
  await store.appendEvent(run.runId, 'violation', 4, { kind: 'static', sample: 4, rule: 'forbidden pattern', line: 1, excerpt: 'writes a file' });
  await store.appendEvent(run.runId, 'drift.warning', null, { evaluated: 6, warnings: ['holdout gap 0.2'], action: 'warn' });
  await store.close();
});

describe('kaizen report', () => {
  it('writes Markdown with every section and a well-formed SVG beside it', async () => {
    const out = `${tempDir()}/r.md`;
    const files = await writeReport(run.dir, { out });
    expect(files[0]).toBe(out);
    const md = readFileSync(out, 'utf8');
    for (const title of ['Summary', 'Score over the run', 'Failures', 'Rejections', 'Safeguards', 'Cost', "The champion's lineage", 'Events']) {
      expect(md).toContain(`## ${title}`);
    }
    expect(md).toMatch(/\| duplicates \| duplicate \| 1 \| #\d+: same code as program \d+ \|/);
    expect(md).toMatch(/\| js-error|\| incorrect/);
    expect(md).toContain('| violation | 2 |');
    expect(md).toContain('| drift.warning | 1 |');
    expect(md).toContain('```diff');
    expect(md).toContain('chain and signature verify');
    expect(md).toContain('![best score so far');
    const svgFile = files.find((f) => f.endsWith('.svg'))!;
    expect(md).toContain('(r-scores.svg)');
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    assertWellFormedXml(svg);
    expect(svg).toContain('<path d="M');
  });

  it('writes one HTML page with the SVG inline', async () => {
    const out = `${tempDir()}/r.html`;
    await writeReport(run.dir, { out, format: 'html' });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Failures</h2>');
    expect(html).toContain('<h2>The champion&#39;s lineage</h2>'.replace('&#39;', "'"));
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    assertWellFormedXml(svg);
    // The whole body is well-formed too (void elements aside): escape errors would show here.
    assertWellFormedXml(html.slice(html.indexOf('<body>'), html.indexOf('</body>') + 7));
  });
});
