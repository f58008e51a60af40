import { seededCases } from '../cases/case-set.ts';
import { caseTaskOf } from '../cases/case-task.ts';
import {
  COMPARISON_METRIC,
  COMPARISON_ORDER,
  COMPARISON_RULE,
  type ComparedProgram,
  type ComparisonSummary,
  familyTable,
  type PairedCase,
  pairedTable,
  runPaired,
  summarise,
  verdictLine,
} from '../cases/compare.ts';
import { solverLanguageOf } from '../cases/solver.ts';
import { loadTask } from '../config/load.ts';
import { BASE_ENV } from '../engine/evaluate.ts';
import { newRunId, taskHash } from '../engine/open-run.ts';
import { KaizenError } from '../errors.ts';
import type { ComparedProgramData, EventPayloads, RegistrationRef } from '../ledger/events.ts';
import { createSandbox } from '../sandbox/create.ts';
import { COMPARISON_RUN_PREFIX, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { machineInfo } from '../util/machine.ts';
import { redactUrl } from '../util/redact.ts';
import { dbPathFor, readProgramFile, storeArg } from './shared.ts';

export interface CompareOptions {
  task: string;
  family?: string;
  seeds: number;
  json?: boolean;
  db?: string;
  store?: string;
}

/** `--family B,C` as a list; without it, the task's public family (null: the task has none). */
export function parseFamilies(option: string | undefined, publicFamily: string | null): (string | null)[] {
  if (option === undefined) return [publicFamily];
  const families = option.split(',').map((f) => f.trim());
  if (families.some((f) => f === '')) throw new KaizenError(`--family must be a comma-separated list of family names, got "${option}"`);
  if (new Set(families).size !== families.length) throw new KaizenError(`--family names a family twice: "${option}"`);
  return families;
}

function readProgram(file: string): ComparedProgram & { data: ComparedProgramData } {
  const { code, language } = readProgramFile(file);
  if (!solverLanguageOf(language)) throw new KaizenError(`${file}: a ${language} program cannot run as a solver (cpp, python or javascript)`);
  return { code, language, data: { file, sha256: sha256(code), language } };
}

/**
 * `kaizen compare A B --task DIR`: a pre-registered paired comparison. The plan (both programs' hashes, the cases, the
 * metric and the verdict rule) is recorded in the store's ledger, in a run of its own, before either program runs;
 * then both run every case, interleaved, and the result — whatever it is — is recorded against that registration.
 */
export async function compareAction(fileA: string, fileB: string, opts: CompareOptions): Promise<void> {
  if (!Number.isInteger(opts.seeds) || opts.seeds < 1) throw new KaizenError(`--seeds must be a positive integer, got ${opts.seeds}`);
  const loaded = await loadTask(opts.task);
  const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
  if (!caseTask) throw new KaizenError(`${loaded.taskFile}: this task has no cases (kaizen compare is for multi-case tasks)`);
  const a = readProgram(fileA);
  const b = readProgram(fileB);
  const families = parseFamilies(opts.family, caseTask.spec.public?.family ?? null);
  const refs = seededCases(families, opts.seeds);
  let inputsSha256: string;
  try {
    inputsSha256 = sha256(JSON.stringify(refs.map((ref) => caseTask.inputs.input(ref))));
  } catch (e) {
    throw new KaizenError(`${loaded.taskFile}: generating the cases failed: ${(e as Error).message}`);
  }

  const plan: EventPayloads['comparison.registered'] = {
    task: loaded.task.name,
    taskHash: taskHash(loaded),
    programs: { a: a.data, b: b.data },
    families,
    seeds: opts.seeds,
    cases: refs.length,
    inputsSha256,
    metric: COMPARISON_METRIC,
    rule: COMPARISON_RULE,
    order: COMPARISON_ORDER,
    failedCases: 'a case a program fails (time limit, crash, wrong answer, compile error) counts with score 0 for it',
  };
  const sandbox = createSandbox({ backend: loaded.config.sandbox.backend, process: { allowUnsandboxed: loaded.config.sandbox.allowUnsandboxed } });
  const store = await Store.open(dbPathFor(opts.task, storeArg(opts)));
  try {
    const runId = newRunId(COMPARISON_RUN_PREFIX);
    await store.createRun({
      id: runId,
      task_name: `${COMPARISON_RUN_PREFIX}:${loaded.task.name}`,
      task_dir: loaded.dir,
      task_hash: plan.taskHash,
      config_json: JSON.stringify({ kind: 'comparison', ...plan }),
      seed: 0,
      status: 'running',
      pid: process.pid,
    });
    await store.appendEvent(runId, 'comparison.registered', null, { ...plan, machine: machineInfo() });
    const registration = await registrationOf(store, runId);

    let pairs: PairedCase[];
    let summary: ComparisonSummary;
    try {
      const progress = !opts.json && process.stderr.isTTY;
      const ran = await runPaired(caseTask, sandbox, a, b, refs, (done, total) => {
        if (progress) process.stderr.write(`\rcase ${done} of ${total}${done === total ? '\n' : ''}`);
      });
      pairs = ran.pairs;
      summary = summarise(pairs, ran.compileErrors);
    } catch (e) {
      await store.appendEvent(runId, 'comparison.aborted', null, { registration, error: (e as Error).message });
      await store.setRunStatus(runId, 'failed');
      throw e;
    }
    const { perFamily, compileErrors, ...overall } = summary;
    await store.appendEvent(runId, 'comparison.result', null, {
      registration,
      ...overall,
      perFamily,
      compileErrors,
      cases: pairs.map((p) => ({ case: p.case, family: p.family, seed: p.seed, a: p.a.score, b: p.b.score, aVerdict: p.a.verdict, bVerdict: p.b.verdict })),
    });
    await store.setRunStatus(runId, 'completed');
    const resultSeq = registration.seq + 1;
    const where = { store: redactUrl(store.path), run: runId, registration, result: resultSeq };

    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ ...plan, ...summary, ...where, results: pairs.map(jsonPair) })}\n`);
      return;
    }
    const out: string[] = [pairedTable(pairs), ''];
    if (perFamily.length > 1 || perFamily[0]?.family !== null) out.push(familyTable(summary), '');
    for (const [name, p, which] of [
      ['A', a, 'a'],
      ['B', b, 'b'],
    ] as const) {
      const failed = summary.failures[which];
      const mean = which === 'a' ? summary.meanA : summary.meanB;
      out.push(
        `${name} = ${p.data.file} (${p.language}, sha256 ${p.data.sha256.slice(0, 12)}): mean case score ${mean}, ${failed} of ${summary.n} cases failed` +
          `${failed ? ` (${failureCounts(pairs, which)})` : ''}`,
      );
      const compileError = compileErrors[which];
      if (compileError) out.push(`  ${name} did not compile: ${compileError.split('\n')[0]}`);
    }
    out.push(
      `A case a program fails counts with score 0 for it${summary.failures.a + summary.failures.b ? '' : ' (no case failed)'}. ` +
        `Cases: seeds 0–${opts.seeds - 1} of ${families.map((f) => (f === null ? 'the task (no family)' : `family ${f}`)).join(', ')}.`,
    );
    out.push(`Recorded in ${where.store}: run ${runId}, plan registered as event #${registration.seq} before either program ran, result #${resultSeq}.`);
    out.push(verdictLine(summary));
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await store.close();
    await sandbox.close();
  }
}

/** The registration event's place in the chain, as just appended. */
async function registrationOf(store: Store, runId: string): Promise<RegistrationRef> {
  const row = (await store.ledgerEvents(runId)).find((e) => e.type === 'comparison.registered');
  if (!row || row.seq === null || row.hash === null) throw new Error(`run ${runId}: the comparison's registration is not in its ledger`);
  return { seq: row.seq, hash: row.hash };
}

function failureCounts(pairs: readonly PairedCase[], which: 'a' | 'b'): string {
  const counts = new Map<string, number>();
  for (const p of pairs) if (p[which].verdict !== 'ok') counts.set(p[which].verdict, (counts.get(p[which].verdict) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${v}`).join(', ');
}

function jsonPair(p: PairedCase) {
  const side = (r: PairedCase['a']) => ({ score: r.score, verdict: r.verdict, cpuMs: r.cpuMs, wallMs: r.wallMs, feedback: r.feedback });
  return { case: p.case, family: p.family, seed: p.seed, diff: p.diff, a: side(p.a), b: side(p.b) };
}
