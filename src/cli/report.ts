import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { KaizenError } from '../errors.ts';
import { gatherReport } from '../report/data.ts';
import { renderHtml, renderMarkdown } from '../report/render.ts';
import { postgresUrl } from '../store/store.ts';
import { dbPathFor, openExistingStore, pickRun, storeArg } from './shared.ts';

export interface ReportOptions {
  db?: string;
  store?: string;
  run?: string;
  format?: 'md' | 'html';
  out?: string;
}

/** Writes a run's report; Markdown gets its SVG plots as files beside it. Returns every file written. */
export async function writeReport(dir: string, opts: ReportOptions): Promise<string[]> {
  const format = opts.format ?? (opts.out && extname(opts.out) === '.html' ? 'html' : 'md');
  if (format !== 'md' && format !== 'html') throw new KaizenError(`--format must be md or html, got "${format}"`);
  const store = await openExistingStore(dir, storeArg({ db: opts.db, store: opts.store }));
  try {
    const run = await pickRun(store, opts.run);
    const data = await gatherReport(store, run);
    // Beside the database, or in the task folder's .kaizen/ when the database is a Postgres URL.
    const db = dbPathFor(dir, storeArg({ db: opts.db, store: opts.store }));
    const out = resolve(opts.out ?? join(postgresUrl(db) ? join(dir, '.kaizen') : dirname(db), `report-${run.id}.${format}`));
    mkdirSync(dirname(out), { recursive: true });
    if (format === 'html') {
      writeFileSync(out, renderHtml(data));
      return [out];
    }
    const { text, files } = renderMarkdown(data, basename(out, extname(out)));
    writeFileSync(out, text);
    for (const f of files) writeFileSync(join(dirname(out), f.name), f.svg);
    return [out, ...files.map((f) => join(dirname(out), f.name))];
  } finally {
    await store.close();
  }
}

/** `kaizen report`: writes the report and prints the files written. */
export async function reportAction(dir: string, opts: ReportOptions): Promise<void> {
  const files = await writeReport(dir, opts);
  process.stdout.write(`${files.join('\n')}\n`);
}
