// Advisory model reviews of a paper (`kaizen review DIR --model SPEC …`): each model is asked for the same NeurIPS-style
// form the rule checks fill, as one JSON object, parsed with zod. A malformed reply is sent back once with what was
// wrong; a second malformed reply (or a failed call) is recorded as a failed review. The answered forms' scores are
// averaged and their decisions counted; the cost is the model layer's (ChatResponse.cost: the provider's token counts
// priced from the price table). Model reviews never change the exit code: the rule checks decide.
import { z } from 'zod';
import type { ChatMessage, ChatModel, Usage } from '../models/types.ts';
import type { Finding } from './review-rules.ts';
import type { FactsFile } from './types.ts';

export const SCORE_RANGES = { soundness: [1, 4], presentation: [1, 4], contribution: [1, 4], overall: [1, 10], confidence: [1, 5] } as const;
export type ScoreName = keyof typeof SCORE_RANGES;

const score = (name: ScoreName) => z.number().int().min(SCORE_RANGES[name][0]).max(SCORE_RANGES[name][1]);
const lines = z.array(z.string());

/** The form a model answers (and the rule checks fill). */
export const reviewFormSchema = z.object({
  soundness: score('soundness'),
  presentation: score('presentation'),
  contribution: score('contribution'),
  overall: score('overall'),
  confidence: score('confidence'),
  decision: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['accept', 'reject'])),
  strengths: lines,
  weaknesses: lines,
  questions: lines,
});
export type ReviewForm = z.infer<typeof reviewFormSchema>;

export interface ModelReview {
  model: string;
  ok: boolean;
  form?: ReviewForm;
  /** Why the review failed: the parse error of the last reply, or the call's error. */
  error?: string;
  /** Calls made: 1, or 2 when the first reply was malformed. */
  attempts: number;
  cost: number;
  /** False when a call's model has no price (its cost counts as 0). */
  priced: boolean;
  usage: Usage;
}

export interface ModelEnsemble {
  advisory: true;
  reviews: ModelReview[];
  answered: number;
  /** Mean of each score over the answered forms (null when none answered). */
  mean: Record<ScoreName, number> | null;
  votes: { accept: number; reject: number };
  /** The majority of the answered decisions; a tie or no answer is a reject. */
  decision: 'accept' | 'reject';
  cost: number;
  priced: boolean;
}

const SHAPE = `{"soundness": 1-4, "presentation": 1-4, "contribution": 1-4, "overall": 1-10, "confidence": 1-5, "decision": "accept" | "reject", "strengths": ["…"], "weaknesses": ["…"], "questions": ["…"]}`;

const SYSTEM = `You review research papers for a machine-learning venue, on the NeurIPS review form: soundness, presentation and contribution (1-4 each: poor, fair, good, excellent), overall (1-10), confidence (1-5), a decision, and the paper's strengths, weaknesses and your questions to the authors.
The paper was written by Kaizen, a program-evolution lab, from facts derived from its signed run records: every number should be one of the facts, every comparative claim should rest on a pre-registered comparison whose verdict is "better" (or say "within noise"), and negative results belong in "What did not work".
Answer with one JSON object and nothing else, in this shape:
${SHAPE}`;

/** The messages a model is asked: the paper, its facts, the `used` record and what the rule checks found. */
export function reviewMessages(paper: string, facts: FactsFile, findings: readonly Finding[]): ChatMessage[] {
  const factLines = facts.facts.map((f) => {
    const extra = [f.verdict ? `verdict ${f.verdict}` : '', f.n !== undefined ? `n ${f.n}` : '', f.sd !== undefined ? `sd ${f.sd}` : '']
      .filter(Boolean)
      .join(', ');
    return `- ${f.id} = ${f.value} ${f.unit} (printed at ${f.decimals} decimals${extra ? `; ${extra}` : ''}): ${f.description}`;
  });
  const checks = findings.length ? findings.map((f) => `- ${f.severity} ${f.rule}: ${f.detail} — "${f.quote}"`).join('\n') : '- none';
  const user = [
    'paper.md:',
    '<<<',
    paper.trimEnd(),
    '>>>',
    '',
    'facts.json (the facts):',
    ...factLines,
    '',
    `used: operators ${facts.used.operators.join(', ') || 'none'}; models ${facts.used.models.join(', ') || 'none'}; settings ${JSON.stringify(facts.used.settings)}`,
    '',
    'The automated rule checks found:',
    checks,
    '',
    `Review the paper. Reply with the JSON object only: ${SHAPE}`,
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The JSON object of a reply: a fenced ```json block, else the text from the first `{` to the last `}`. */
function jsonText(reply: string): string {
  const fenced = /```(?:json)?[ \t]*\n([\s\S]*?)\n?```/.exec(reply);
  if (fenced) return fenced[1];
  const a = reply.indexOf('{');
  const b = reply.lastIndexOf('}');
  return a >= 0 && b > a ? reply.slice(a, b + 1) : reply;
}

/** Parses a model's reply into the form, or says what is wrong with it. */
export function parseReviewForm(reply: string): { ok: true; form: ReviewForm } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(jsonText(reply));
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  const r = reviewFormSchema.safeParse(data);
  if (r.success) return { ok: true, form: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

async function reviewWith(model: ChatModel, messages: ChatMessage[]): Promise<ModelReview> {
  const review: ModelReview = {
    model: model.spec.id,
    ok: false,
    attempts: 0,
    cost: 0,
    priced: true,
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
  };
  let asked = messages;
  for (let attempt = 1; attempt <= 2; attempt++) {
    review.attempts = attempt;
    let text: string;
    try {
      const r = await model.chat({ messages: asked, temperature: 0 });
      review.cost += r.cost;
      review.priced &&= r.priced;
      review.usage.inputTokens += r.usage.inputTokens;
      review.usage.outputTokens += r.usage.outputTokens;
      review.usage.cachedInputTokens += r.usage.cachedInputTokens;
      text = r.text;
    } catch (e) {
      review.error = `the call failed: ${(e as Error).message}`;
      return review;
    }
    const parsed = parseReviewForm(text);
    if (parsed.ok) {
      review.ok = true;
      review.form = parsed.form;
      delete review.error;
      return review;
    }
    review.error = `malformed reply: ${parsed.error}`;
    asked = [
      ...messages,
      { role: 'assistant', content: text },
      { role: 'user', content: `Your reply could not be used (${parsed.error}). Reply with the JSON object only, in this shape: ${SHAPE}` },
    ];
  }
  return review;
}

/** Asks every model for the form (concurrently) and averages the answered ones. */
export async function modelReviews(models: readonly ChatModel[], paper: string, facts: FactsFile, findings: readonly Finding[]): Promise<ModelEnsemble> {
  const messages = reviewMessages(paper, facts, findings);
  const reviews = await Promise.all(models.map((m) => reviewWith(m, messages)));
  const forms = reviews.flatMap((r) => (r.form ? [r.form] : []));
  const mean = forms.length
    ? (Object.fromEntries((Object.keys(SCORE_RANGES) as ScoreName[]).map((k) => [k, forms.reduce((s, f) => s + f[k], 0) / forms.length])) as Record<
        ScoreName,
        number
      >)
    : null;
  const accept = forms.filter((f) => f.decision === 'accept').length;
  const votes = { accept, reject: forms.length - accept };
  return {
    advisory: true,
    reviews,
    answered: forms.length,
    mean,
    votes,
    decision: accept > votes.reject ? 'accept' : 'reject',
    cost: reviews.reduce((s, r) => s + r.cost, 0),
    priced: reviews.every((r) => r.priced),
  };
}
