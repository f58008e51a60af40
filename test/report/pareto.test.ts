// The report of a multi-objective run: a "Pareto front" section whose programs, numbers and marks are exactly
// store.read.runFront's, checked on a real two-objective run (circle packing: sum of radii against program size).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/cli/report.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { gatherReport } from '../../src/report/data.ts';
import type { RunFront } from '../../src/store/queries.ts';
import { Store } from '../../src/store/store.ts';
import { smallRun } from '../ledger/support.ts';
import { copyExampleWith, tempDir } from '../support/tmp.ts';

/** How the report writes a number (8 significant digits, no trailing zeros). */
const num = (x: number | null) => (x === null ? '—' : String(Number(x.toPrecision(8))));

/** A Markdown section, from its heading to the next one. */
function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** The rows of the Markdown table whose header starts with `first`, as cells. */
function table(md: string, first: string): string[][] {
  const lines = md.split('\n');
  const head = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  expect(head).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** The vertices an SVG path of M, H and V commands passes through. */
function pathVertices(d: string): [number, number][] {
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (const m of d.matchAll(/([MHV])([-\d.]+)(?:,([-\d.]+))?/g)) {
    if (m[1] === 'M') [x, y] = [Number(m[2]), Number(m[3])];
    else if (m[1] === 'H') x = Number(m[2]);
    else y = Number(m[2]);
    out.push([x, y]);
  }
  return out;
}

let db: string;
let runId: string;
let dir: string;
let front: RunFront;
let championId: number | null;

beforeAll(async () => {
  dir = copyExampleWith('circle-packing-pareto');
  db = join(dir, '..', 'kaizen.db');
  const result = await evolve({ task: dir, out: db, config: { budget: { samples: 60 } } });
  runId = result.runId;
  championId = result.bestProgramId;
  const store = await Store.open(db);
  front = (await store.read.runFront(runId))!;
  await store.close();
  expect(front.front.length).toBeGreaterThanOrEqual(2);
}, 120_000);

describe('kaizen report on a two-objective run', () => {
  it("gathers runFront's front with the declared champion rule", async () => {
    const store = await Store.open(db);
    const data = await gatherReport(store, (await store.getRun(runId))!);
    await store.close();
    expect(data.front).toEqual({ ...front, champion: { primary: 'sum_radii' }, championDeclared: true });
  });

  it('has a Pareto front section: the objectives, the rule, the front exactly, its hypervolume and the seed', async () => {
    const out = join(tempDir(), 'r.md');
    const files = await writeReport(dir, { db, out });
    const md = readFileSync(out, 'utf8');
    expect(md.indexOf('## Pareto front')).toBeGreaterThan(md.indexOf('## Score over the run'));
    const s = section(md, 'Pareto front');
    expect(s).toContain('Objectives: **sum_radii** (maximised, reference 0), **code_bytes** (minimised, reference 8000).');
    expect(s).toContain('Champion rule: **sum_radii** is primary (ties broken by code_bytes)');
    expect(s).toContain(
      `The front holds **${front.front.length}** of ${front.points.length} correct programs; hypervolume **${num(front.hypervolume)}** against the reference point (sum_radii 0, code_bytes 8000).`,
    );

    // The table lists exactly the front, each program with runFront's values and score.
    const rows = table(s, 'program');
    expect(rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(front.front.map((p) => p.id).sort((a, b) => a - b));
    for (const p of front.front) {
      const row = rows.find((r) => Number(r[0]) === p.id)!;
      expect(row.slice(1, 4)).toEqual([num(p.values.sum_radii), num(p.values.code_bytes), num(p.score)]);
      expect(row[4].includes('dominates the seed')).toBe(front.seedDominatedBy.includes(p.id));
      expect(row[4].includes('champion')).toBe(p.id === championId);
    }
    // Best packing first: the staircase's order.
    const sums = rows.map((r) => Number(r[1]));
    expect(sums).toEqual([...sums].sort((a, b) => b - a));

    // Whether the front dominates the seed, and which programs do (60 samples may not beat its size: then it is on the front).
    const seed = front.seed!;
    const seedText = `program ${seed.id}: sum_radii ${num(seed.values.sum_radii)}, code_bytes ${num(seed.values.code_bytes)}`;
    if (front.seedDominatedBy.length) {
      expect(s).toContain(`The front dominates the seed (${seedText}): program(s) ${front.seedDominatedBy.join(', ')} are`);
    } else {
      expect(front.front.map((p) => p.id)).toContain(seed.id);
      expect(s).toContain(`No program dominates the seed (${seedText}): it is itself on the front.`);
      expect(rows.find((r) => Number(r[0]) === seed.id)![4]).toContain('seed');
    }

    // The hypervolume's growth: every step of runFront's, in order.
    expect(table(s, 'correct programs evaluated')).toEqual(front.growth.map((g) => [String(g.evaluated), String(g.front), num(g.hypervolume)]));
    expect(s).toContain('(r-front.svg)');
    expect(s).toContain('(r-front-growth.svg)');
    expect(files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(expect.arrayContaining(['r-front.svg', 'r-front-growth.svg']));
  });

  it('draws every correct program, one highlighted mark per front point joined as a staircase, and the seed', async () => {
    const out = join(tempDir(), 'r.md');
    await writeReport(dir, { db, out });
    const svg = readFileSync(join(out, '..', 'r-front.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const marks = [...svg.matchAll(/<circle class="front" cx="([-\d.]+)" cy="([-\d.]+)"[^>]*><title>program (\d+):/g)];
    expect(marks.length).toBe(front.front.length);
    expect(marks.map((m) => Number(m[3])).sort((a, b) => a - b)).toEqual(front.front.map((p) => p.id).sort((a, b) => a - b));
    expect(svg.match(/<circle class="seed"/g)?.length).toBe(1);
    expect(svg).toContain(
      `<title>program ${front.seed!.id}: sum_radii ${num(front.seed!.values.sum_radii)}, code_bytes ${front.seed!.values.code_bytes}</title>`,
    );
    // Every correct program is a grey point (the front's among them).
    expect(svg.match(/<circle cx="[^"]+" cy="[^"]+" r="2" fill="#b0b0b0"/g)?.length).toBe(front.points.length);
    // The staircase passes through every front point.
    const stair = svg.match(/<path d="([^"]+)" fill="none" stroke="#c0392b" stroke-width="1.5"\/>/)![1];
    const vertices = pathVertices(stair).map(([x, y]) => `${x},${y}`);
    for (const m of marks) expect(vertices).toContain(`${Number(m[1])},${Number(m[2])}`);
    // Maximised x: from each front point up or down to the next one's level, then across (the dominated region's edge).
    expect(stair).toMatch(/^M[-\d.]+,[-\d.]+ V/);
  });

  it('renders the section in HTML with the scatter inline', async () => {
    const out = join(tempDir(), 'r.html');
    await writeReport(dir, { db, out });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Pareto front</h2>');
    expect(html.match(/<circle class="front"/g)?.length).toBe(front.front.length);
    expect(html).toContain(`<td>${front.front[0].id}</td>`);
  });

  it('has no Pareto front section on a single-objective run', async () => {
    const single = await smallRun(3);
    const out = join(tempDir(), 'r.md');
    const files = await writeReport(single.dir, { out });
    expect(readFileSync(out, 'utf8')).not.toContain('Pareto front');
    expect(files.some((f) => f.includes('front'))).toBe(false);
  });
});
