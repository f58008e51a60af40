// Diagnosis of a failed task: what the agent did (the broker's record of its tool calls), what the public tests say
// about its change, and only how many hidden tests failed — never which, never their code, never the reference.
// Offline the diagnosis is written by rules; with a model it is the model's reading of the same facts.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChatModel } from '../models/types.ts';
import type { CodingTask } from './benchmark.ts';
import type { ToolEvent } from './broker.ts';
import { TEST_RUN_OUTPUT } from './harness.ts';

const TEMPLATE = fileURLToPath(new URL('../../templates/agent/diagnose.md', import.meta.url));

/** What a diagnosis may know of an attempt. */
export interface DiagnosisFacts {
  task: Pick<CodingTask, 'id' | 'kind' | 'title' | 'issue'>;
  tools: readonly ToolEvent[];
  calls: number;
  /** The agent's turn limit, read from its settings (null when it has none). */
  maxTurns: number | null;
  submitted: boolean;
  publicTests: { ok: boolean; output: string };
  hiddenFailed: number | null;
  /** The agent process's end (stopped by the sandbox, exit code). */
  ended: string;
}

export interface Diagnosis {
  text: string;
  /** Model cost (0 offline). */
  cost: number;
  model: string | null;
}

/** The harness's temporary folders (`mkdtemp(<tmpdir>/kaizen-agent-XXXXXX)` in harness.ts), as they appear in output. */
const WORKSPACE = new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/kaizen-agent-[A-Za-z0-9]{6}`, 'g');

/**
 * `text` with the harness's random workspace paths replaced by a fixed placeholder: test output names them (stack
 * traces: `file:///tmp/kaizen-agent-aZCcBM/repo/…`), and a diagnosis that carried them would differ between two
 * runs of the same seed, and so would the stand-in's self-edit, which it seeds from the diagnosis.
 */
export const scrubWorkspace = (text: string): string => text.replace(WORKSPACE, '<workspace>');

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The facts as text: the part both the rules and a model read. */
export function factsText(f: DiagnosisFacts): string {
  const steps = f.tools.map((t, i) => {
    const cut = /\[\.\.\. (\d+) more lines not shown/.exec(t.output ?? '');
    const result = t.output === null ? 'no result' : cut ? `${cut[1]} more lines not shown` : clip((t.output ?? '').split('\n')[0], 100);
    return `${i + 1}. ${t.name} ${clip(t.input, 160)} → ${result}`;
  });
  const text = [
    `Task ${f.task.id} (${f.task.kind}): ${f.task.title}`,
    `Issue:\n${f.task.issue}`,
    `What the agent did (${f.calls} model calls${f.maxTurns !== null ? `, turn limit ${f.maxTurns}` : ''}; ${f.submitted ? 'it submitted' : 'it did not submit'}; ${f.ended}):`,
    steps.length ? steps.join('\n') : '(no tool calls)',
    `Public tests after its change: ${f.publicTests.ok ? 'pass' : 'FAIL'}\n${clip(f.publicTests.output, 1500)}`,
    `Hidden tests: ${f.hiddenFailed === null ? 'the run did not report a count' : `${f.hiddenFailed} failed`}.`,
  ].join('\n\n');
  return scrubWorkspace(text);
}

/** Likely causes by rule, in the words the self-edit operators are tagged with (operators.ts diagnosisTags). */
export function ruleCauses(f: DiagnosisFacts): string[] {
  const causes: string[] = [];
  if (!f.submitted && f.maxTurns !== null && f.calls >= f.maxTurns)
    causes.push(`The agent stopped at its turn limit (${f.maxTurns} model calls) before it submitted.`);
  const cut = f.tools.find((t) => /more lines not shown/.test(t.output ?? ''));
  if (cut) causes.push(`A view was cut short ("more lines not shown" after ${cut.input}): the model never saw the rest of that file.`);
  const ranTests = f.tools.some((t) => TEST_RUN_OUTPUT.test(t.output ?? ''));
  if (!ranTests) causes.push(`The agent submitted without running the public tests${f.publicTests.ok ? '' : ', which fail after its change'}.`);
  if (f.tools.some((t) => /^error/.test(t.output ?? ''))) causes.push('Some tool calls failed (see the results above).');
  if (/output truncated/.test(f.tools.map((t) => t.output ?? '').join('\n'))) causes.push('A command output was cut: the model did not see its end.');
  if (causes.length === 0) causes.push('No cause stands out in the record: the change itself was wrong.');
  return causes;
}

/** The diagnosis: by rules, or by `model` (its reply, with the rules' causes appended for the record). */
export async function diagnose(f: DiagnosisFacts, model?: ChatModel): Promise<Diagnosis> {
  const facts = factsText(f);
  const rules = ruleCauses(f);
  if (!model) return { text: `${facts}\n\nLikely causes:\n${rules.map((c) => `- ${c}`).join('\n')}`, cost: 0, model: null };
  const prompt = readFileSync(TEMPLATE, 'utf8').replace('{{facts}}', facts);
  const reply = await model.chat({ messages: [{ role: 'user', content: prompt }], maxTokens: 1000 });
  return { text: `${facts}\n\nDiagnosis:\n${reply.text.trim()}`, cost: reply.cost, model: reply.model };
}
