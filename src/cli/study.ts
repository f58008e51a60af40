import { dirname } from 'node:path';
import { KaizenError } from '../errors.ts';
import type { QueueSandbox } from '../executor/queue.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { StudyOutcome } from '../research/study.ts';

// `kaizen study` (registered in commands.ts; this module loads when it runs, the engine and the store with the action).

export interface StudyCliOptions {
  store?: string;
  db?: string;
  json?: boolean;
  template?: string;
  seeds: number;
  samples: number;
  out?: string;
  propose?: number;
  model?: string[];
  allowModels?: boolean;
  queue?: string;
}

/** `kaizen study FILE` (or `--template NAME TASK_DIR --out FILE`, or `--propose N --model SPEC TASK_DIR --out FOLDER`). */
export async function studyAction(path: string, opts: StudyCliOptions): Promise<void> {
  if (opts.template !== undefined && opts.propose !== undefined) throw new KaizenError('--template and --propose are two ways to write studies: choose one');
  if (opts.template !== undefined) return templateAction(opts.template, path, opts);
  if (opts.propose !== undefined) return proposeAction(opts.propose, path, opts);
  if (opts.model !== undefined || opts.allowModels)
    throw new KaizenError("--model and --allow-models go with --propose (a study's arms name their models in the file)");
  if (opts.out !== undefined)
    throw new KaizenError('--out names the study file --template writes (or the folder --propose writes); to choose the store, use --store');
  const { dbPathFor, storeArg } = await import('./shared.ts');
  const { runStudy } = await import('../research/study.ts');
  const store = dbPathFor(dirname(path), storeArg({ store: opts.store, db: opts.db }));
  const log = process.stderr;
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    log.write('\nstopping: the arm run in progress stops after its evaluations in flight; run the same command to continue (Ctrl-C again quits at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // With --queue, each arm's candidates run on `kaizen worker`s holding that arm's task folder (one queue client per folder).
  const sandboxes = new Map<string, Promise<QueueSandbox>>();
  const sandboxFor = async (taskDir: string): Promise<Sandbox | undefined> => {
    const url = opts.queue;
    if (!url) return undefined;
    if (!sandboxes.has(taskDir)) {
      const [{ queueSandboxFromUrl }, { hashTaskFiles }] = await Promise.all([import('../executor/queue.ts'), import('../executor/task-hash.ts')]);
      sandboxes.set(taskDir, queueSandboxFromUrl(url, hashTaskFiles(taskDir)));
    }
    return sandboxes.get(taskDir);
  };
  const tty = log.isTTY;
  let line = false;
  const clear = () => {
    if (line) log.write('\r\x1b[K');
    line = false;
  };
  try {
    const outcome = await runStudy({
      file: path,
      store,
      signal: abort.signal,
      sandboxFor,
      onMessage: (m) => {
        clear();
        log.write(`${m}\n`);
      },
      onProgress: tty
        ? (pair, p) => {
            line = true;
            log.write(`\r\x1b[Karm ${pair.arm}, seed ${pair.seed}: ${p.evaluated}/${p.budget} evaluated, best ${p.bestScore ?? '—'}`);
          }
        : undefined,
    });
    clear();
    await printOutcome(outcome, opts.json === true);
    if (outcome.status === 'interrupted') process.exitCode = abort.signal.aborted ? 130 : 1;
  } finally {
    clear();
    for (const sandbox of sandboxes.values()) await (await sandbox.catch(() => null))?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function printOutcome(o: StudyOutcome, json: boolean): Promise<void> {
  const { studyTable, verdictLines } = await import('../research/study.ts');
  const { redactUrl } = await import('../util/redact.ts');
  const store = redactUrl(o.store);
  if (json) {
    const { store: _s, ...rest } = o;
    process.stdout.write(`${JSON.stringify({ store, ...rest })}\n`);
    return;
  }
  const { plan } = o;
  const out = [`Study ${plan.name}: ${plan.question}`, `Hypothesis: ${plan.hypothesis}`];
  out.push(
    `Recorded in ${store}: run ${o.runId}, registered as event #${o.registration.seq} (file sha256 ${o.fileSha256.slice(0, 12)}) before any arm ran` +
      `${o.resultRef ? `; result #${o.resultRef.seq}` : ''}.`,
  );
  out.push(
    `Arms × seeds: ${plan.arms.length} × ${plan.seeds.length} runs of ${plan.samples} samples; metric ${plan.metric}; ` +
      `test: paired by seed against ${plan.arms[0]!.name}, verdict at ${plan.test.threshold} SE.`,
  );
  if (o.status === 'interrupted' || !o.result) {
    out.push(
      `Interrupted (${o.stoppedBy ?? 'stopped'}) after ${o.armRuns.length} of ${plan.arms.length * plan.seeds.length} arm runs; ` +
        'run the same command on the same store to continue.',
    );
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }
  out.push('', studyTable(plan, o.result), '', ...verdictLines(plan, o.result));
  process.stdout.write(`${out.join('\n')}\n`);
}

async function templateAction(name: string, taskDir: string, opts: StudyCliOptions): Promise<void> {
  if (opts.model !== undefined || opts.allowModels) throw new KaizenError('--model and --allow-models go with --propose; --template asks no model');
  if (opts.out === undefined) throw new KaizenError('--template needs --out FILE: the study file to write');
  if (opts.store !== undefined || opts.db !== undefined) throw new KaizenError('--template writes a study file and records nothing: drop --store');
  const { writeTemplateStudy } = await import('../research/templates.ts');
  const written = await writeTemplateStudy(name, taskDir, { seeds: opts.seeds, samples: opts.samples, out: opts.out });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ file: written.file, plan: written.plan })}\n`);
    return;
  }
  process.stdout.write(
    `wrote ${opts.out}: study ${written.plan.name}, arms ${written.plan.arms.map((a) => a.name).join(', ')} (control: ${written.plan.arms[0]!.name}), ` +
      `seeds ${written.plan.seeds.join(', ')}, ${written.plan.samples} samples per run\nrun it with: kaizen study ${opts.out}\n`,
  );
}

/** `--propose N --model SPEC … TASK_DIR --out FOLDER`: studies proposed by models, checked, the approved ones written. */
async function proposeAction(count: number, taskDir: string, opts: StudyCliOptions): Promise<void> {
  if (opts.out === undefined) throw new KaizenError('--propose needs --out FOLDER: the folder the study files go to');
  if (!opts.model?.length) throw new KaizenError('--propose needs a model to ask: --model SPEC (repeatable)');
  if (opts.store !== undefined || opts.db !== undefined) throw new KaizenError('--propose writes study files and records nothing: drop --store');
  const { createChatModels } = await import('../models/client.ts');
  const { formatProposals, proposeStudies } = await import('../research/ideas.ts');
  const models = [...createChatModels(opts.model).values()];
  const r = await proposeStudies({
    taskDir,
    out: opts.out,
    count,
    models,
    seeds: opts.seeds,
    samples: opts.samples,
    allowModels: opts.allowModels === true,
  });
  process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : formatProposals(r, opts.out));
  if (!r.ok) {
    process.stderr.write(`kaizen: no model gave a usable reply; nothing was written\n`);
    process.exitCode = 1;
  }
}
