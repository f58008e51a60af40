import { KaizenError } from '../errors.ts';

// `kaizen paper` and `kaizen paper verify` (registered in commands.ts; this module loads when one of them runs).

export interface PaperCliOptions {
  study?: string;
  run?: string;
  improve?: string;
  store?: string;
  db?: string;
  out?: string;
  bib?: string;
  pdf: boolean;
  json?: boolean;
}

export interface PaperVerifyCliOptions {
  store?: string;
  json?: boolean;
}

export async function paperAction(opts: PaperCliOptions): Promise<void> {
  const given = [opts.study, opts.run, opts.improve].filter((x) => x !== undefined).length;
  if (given !== 1) throw new KaizenError('kaizen paper needs one subject: --study ID, --run ID or --improve ID');
  const [{ writePaper }, { dbPathFor, storeArg }] = await Promise.all([import('../research/paper.ts'), import('./shared.ts')]);
  const subject = opts.study
    ? { kind: 'study' as const, id: opts.study }
    : opts.improve
      ? { kind: 'improve' as const, id: opts.improve }
      : { kind: 'run' as const, id: opts.run! };
  // An empty --out would be the current folder: refused rather than writing a paper among whatever is there.
  if (opts.out !== undefined && !opts.out.trim()) throw new KaizenError('--out needs a folder: give a path, or leave --out off for paper-ID');
  const store = dbPathFor('.', storeArg({ store: opts.store, db: opts.db })); // --out is the paper's folder here, not a store
  const result = await writePaper({
    store,
    subject,
    out: opts.out ?? `paper-${subject.id}`,
    bib: opts.bib,
    pdf: opts.pdf,
    log: opts.json ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const recorded = result.recorded ? `; recorded as paper.written, event #${result.recorded.seq} of ${result.recorded.runId}` : '';
  process.stdout.write(
    `paper written to ${result.dir}: ${result.facts} facts, ${result.files.length} files${result.pdf.written ? ' (with paper.pdf)' : ''}${recorded}\n`,
  );
  process.stdout.write(`check it against the record: kaizen paper verify ${result.dir}\n`);
}

export async function paperVerifyAction(dir: string, opts: PaperVerifyCliOptions): Promise<void> {
  const { verifyPaper } = await import('../research/paper.ts');
  const v = await verifyPaper(dir, { store: opts.store });
  if (opts.json) process.stdout.write(`${JSON.stringify(v)}\n`);
  else {
    for (const w of v.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const p of v.problems) process.stderr.write(`${p}\n`);
    process.stdout.write(
      v.ok
        ? `paper ${v.dir}: ok: ${v.facts} facts re-derived from the record, ${v.runs.length} runs' chains and signatures verified, ${v.figures} figures match, ${v.rendered.join(', ')} match their rendering from the facts\n`
        : `paper ${v.dir}: ${v.problems.length} problem(s)\n`,
    );
  }
  if (!v.ok) process.exitCode = 1;
}
