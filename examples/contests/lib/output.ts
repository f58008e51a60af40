import type { CaseScore } from 'kaizen';

/** Largest output a scorer reads; anything longer is a wrong answer without being parsed. */
export const MAX_OUTPUT_BYTES = 1_000_000;

/** A rule the output breaks; `judgeOutput` turns it into a wrong answer. Only scorers throw it. */
export class WrongAnswer extends Error {}

interface Token {
  text: string;
  line: number;
}

/** The output's whitespace-separated tokens, each with its line, read one at a time with bounds checks. */
export class Tokens {
  private readonly tokens: Token[] = [];
  private next = 0;

  constructor(text: string) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      for (const t of lines[i].split(/[ \t\r\f\v]+/)) if (t !== '') this.tokens.push({ text: t, line: i + 1 });
    }
  }

  get remaining(): number {
    return this.tokens.length - this.next;
  }

  /** The next token as an integer in [lo, hi]; `what` names it in the message of a wrong answer. */
  int(what: string, lo: number, hi: number): number {
    const t = this.tokens[this.next];
    if (!t) throw new WrongAnswer(`output ended early: expected ${what} (an integer in [${lo}, ${hi}])`);
    this.next++;
    if (!/^-?\d{1,16}$/.test(t.text)) throw new WrongAnswer(`line ${t.line}, token ${this.next} "${clip(t.text)}": expected ${what}, an integer`);
    const v = Number(t.text);
    if (!Number.isSafeInteger(v) || v < lo || v > hi)
      throw new WrongAnswer(`line ${t.line}, token ${this.next} "${clip(t.text)}": ${what} must be in [${lo}, ${hi}]`);
    return v;
  }

  /** The next token, which must be one of `choices`. */
  word(what: string, choices: readonly string[]): string {
    const t = this.tokens[this.next];
    if (!t) throw new WrongAnswer(`output ended early: expected ${what} (one of ${choices.join(' ')})`);
    this.next++;
    if (!choices.includes(t.text)) throw new WrongAnswer(`line ${t.line}, token ${this.next} "${clip(t.text)}": ${what} must be one of ${choices.join(' ')}`);
    return t.text;
  }

  /** Fails when tokens are left over. */
  end(): void {
    const t = this.tokens[this.next];
    if (t) throw new WrongAnswer(`line ${t.line}, token ${this.next + 1} "${clip(t.text)}": unexpected output after the answer`);
  }
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/**
 * Runs a scorer body and never throws: an output over 1 MB, a broken rule (`WrongAnswer`) or any unexpected error is a
 * wrong answer with score 0 and a message naming the line and token where possible.
 */
export function judgeOutput(output: string, body: (tokens: Tokens) => CaseScore): CaseScore {
  try {
    if (typeof output !== 'string') return { score: 0, verdict: 'wrong-answer', feedback: 'no text output' };
    if (Buffer.byteLength(output, 'utf8') > MAX_OUTPUT_BYTES) return { score: 0, verdict: 'wrong-answer', feedback: `output over ${MAX_OUTPUT_BYTES} bytes` };
    const result = body(new Tokens(output));
    if (!Number.isSafeInteger(result.score) || result.score < 0)
      return { score: 0, verdict: 'wrong-answer', feedback: `scorer produced an invalid score ${result.score}` };
    return result;
  } catch (e) {
    if (e instanceof WrongAnswer) return { score: 0, verdict: 'wrong-answer', feedback: e.message };
    return { score: 0, verdict: 'wrong-answer', feedback: `output could not be scored: ${(e as Error)?.message ?? String(e)}` };
  }
}
