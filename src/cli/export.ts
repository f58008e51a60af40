import { closeSync, createWriteStream, openSync, type WriteStream } from 'node:fs';
import { KaizenError } from '../errors.ts';
import { isBundle, parseBundle } from '../program/bundle.ts';
import type { ProgramRow } from '../store/store.ts';
import { openExistingStore, pickRun, storeArg } from './shared.ts';

const parse = (json: string | null) => (json ? JSON.parse(json) : null);

/** One JSONL record per program: lineage, metrics, timings and the code itself. */
export function exportRecord(p: ProgramRow) {
  return {
    id: p.id,
    runId: p.run_id,
    sample: p.sample,
    parentId: p.parent_id,
    inspirations: parse(p.inspirations_json),
    island: p.island,
    generation: p.generation,
    operator: p.operator,
    model: p.model,
    status: p.status,
    correct: p.correct === null ? null : p.correct === 1,
    score: p.score,
    public: parse(p.public_json),
    private: parse(p.private_json),
    features: parse(p.features_json),
    feedback: p.feedback,
    failureClass: p.failure_class,
    error: p.error,
    change: p.change,
    patch: p.patch,
    codeHash: p.code_hash,
    code: p.code,
    // A program of several files: its files one by one (`code` holds them as one text, each under "==> PATH <==").
    files: isBundle(p.code) ? parseBundle(p.code) : undefined,
    createdAt: p.created_at,
    evaluatedAt: p.evaluated_at,
    timings: { proposeMs: p.propose_ms, evalMs: p.eval_ms, judgeMs: p.judge_ms },
    cost: p.cost,
    usage: parse(p.usage_json),
    prompt: p.prompt,
    reply: p.reply,
  };
}

export interface ExportOptions {
  db?: string;
  store?: string;
  run?: string;
  output?: string;
}

/** The -o file, opened at once so that a path that cannot be written is one clear error rather than a stream's late 'error'. */
function openOutput(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new KaizenError(`-o ${path}: cannot write the export there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); name a writable file`);
  }
  const stream = createWriteStream('', { fd });
  stream.on('error', () => closeSync(fd));
  return stream;
}

/** `kaizen export`: one JSONL record per program of the run, to stdout or --output. */
export async function exportAction(dir: string, opts: ExportOptions): Promise<void> {
  const store = await openExistingStore(dir, storeArg(opts));
  try {
    const run = await pickRun(store, opts.run);
    const out = opts.output ? openOutput(opts.output) : process.stdout;
    for (const p of await store.programs(run.id)) out.write(`${JSON.stringify(exportRecord(p))}\n`);
    if (out !== process.stdout) await new Promise<void>((r) => (out as WriteStream).end(r));
  } finally {
    await store.close();
  }
}
