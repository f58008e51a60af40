import { fileSpans, isBundle, parseBundle, replaceFile } from '../../program/bundle.ts';
import { evolveRegions } from '../evolve-blocks.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operator.ts';

/** The language of a file of a program of several files, by its extension (others are left to the operator's own check). */
export function fileLanguage(path: string, fallback: string): string {
  if (/\.(m|c)?ts$/.test(path)) return 'typescript';
  if (/\.(m|c)?js$/.test(path)) return 'javascript';
  if (/\.py$/.test(path)) return 'python';
  return fallback;
}

/**
 * An offline operator over programs of several files: it picks one of the files that may change (at random, then the
 * others in turn when the operator finds nothing to change in it), hands the operator that file alone (inspirations
 * narrowed to their file of the same path), and puts the changed file back. A program of one file passes straight through.
 */
export class PerFileOperator implements Operator {
  readonly name: string;
  private readonly inner: Operator;

  constructor(inner: Operator) {
    this.inner = inner;
    this.name = inner.name;
  }

  supports(language: string): boolean {
    return this.inner.supports(language);
  }

  async propose(input: OperatorInput): Promise<OperatorOutput | null> {
    if (!isBundle(input.code)) return this.inner.propose(input);
    const regions = evolveRegions(input.code);
    const editable = fileSpans(input.code).filter((f) => regions.some((r) => r.start >= f.start && r.end <= f.end));
    const files = parseBundle(input.code);
    const first = editable.length > 0 ? input.rng.int(0, editable.length - 1) : 0;
    for (let k = 0; k < editable.length; k++) {
      const path = editable[(first + k) % editable.length].path;
      const language = fileLanguage(path, input.language);
      if (!this.inner.supports(language)) continue;
      const content = files.find((f) => f.path === path)?.content ?? '';
      const inspirations = input.inspirations.flatMap((p) => {
        const same = isBundle(p.code) ? parseBundle(p.code).find((f) => f.path === path) : undefined;
        return same ? [{ ...p, code: same.content }] : [];
      });
      const out = await this.inner.propose({ ...input, code: content, language, inspirations });
      if (out) return { ...out, code: replaceFile(input.code, path, out.code), change: `${path}: ${out.change}` };
    }
    return null;
  }
}
