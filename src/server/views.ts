// The dashboard's downloads: program code and JSON, run JSON, charts as SVG. A bad request is a KaizenError (400,
// one line), never a guess.

import { KaizenError } from '../errors.ts';
import { plotSvg, type Series } from '../report/svg.ts';
import { bestSoFar, runFigures } from '../store/figures.ts';
import type { Run, Store } from '../store/store.ts';
import { programDetail, programExtension } from './programs.ts';

/** A file to download: its name, media type and bytes. */
export interface Download {
  filename: string;
  type: string;
  body: string;
}

/** A program's code as a file named by its language, or the program page's JSON; undefined when there is no such program. */
export async function programDownload(store: Store, id: number, as: string): Promise<Download | undefined> {
  if (as !== 'code' && as !== 'json') throw new KaizenError(`as must be code or json, not '${as}'`);
  const p = await programDetail(store, id);
  if (!p) return undefined;
  if (as === 'json') return { filename: `program-${p.id}.json`, type: 'application/json', body: `${JSON.stringify(p, null, 2)}\n` };
  return { filename: `program-${p.id}.${programExtension(p.language)}`, type: 'text/plain; charset=utf-8', body: p.code };
}

/** A run as JSON: its record (config parsed), the figures `kaizen status` shows, and every program's table row (no code). */
export async function runDownload(store: Store, run: Run): Promise<Download> {
  const rows = await store.read.figureRows(run.id);
  const body = {
    run: { ...run, config_json: undefined, config: JSON.parse(run.config_json) as unknown },
    figures: runFigures(rows),
    programs: rows.map((r) => ({
      id: r.id,
      sample: r.sample,
      parent: r.parent_id,
      island: r.island,
      operator: r.operator,
      model: r.model,
      status: r.status,
      correct: r.correct,
      score: r.score,
      failureClass: r.failure_class,
      cost: r.cost,
    })),
  };
  return { filename: `run-${run.id}.json`, type: 'application/json', body: `${JSON.stringify(body, null, 2)}\n` };
}

export const CHARTS = ['best', 'islands'] as const;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

/** A run's chart as SVG (report/svg.ts): `best`, the best score so far; `islands`, each island's best over time. */
export async function chartSvg(store: Store, run: Run, name: string): Promise<Download> {
  let series: Series[];
  let title: string;
  if (name === 'best') {
    title = `${run.id}: best score so far`;
    series = [{ name: 'best', points: bestSoFar(await store.read.figureRows(run.id)), kind: 'step', color: COLORS[0] }];
  } else if (name === 'islands') {
    title = `${run.id}: best score per island`;
    const v = await store.read.runIslands(run.id);
    series = v.islands.map((isl, k) => ({
      name: `island ${isl.island}`,
      points: v.evaluations.flatMap((x, j): [number, number][] => (v.best[k][j] === null ? [] : [[x, v.best[k][j] as number]])),
      kind: 'step',
      color: COLORS[k % COLORS.length],
    }));
  } else throw new KaizenError(`no chart '${name}': charts are ${CHARTS.join(', ')}`);
  return { filename: `${run.id}-${name}.svg`, type: 'image/svg+xml', body: plotSvg({ title, xLabel: 'evaluations', yLabel: 'score', series }) };
}

/** The header that makes a browser save a response under `filename` (quoted; the names here are ids and dashes). */
export const attachment = (filename: string) => `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`;
