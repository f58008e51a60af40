// `kaizen review DIR` (registered in commands.ts; this module loads when it runs, the model layer only with --model).

export interface ReviewCliOptions {
  json?: boolean;
  bib?: string[];
  model?: string[];
  store?: string;
}

/** Reviews DIR, writes DIR/review.json, prints the review (text or `--json`); exit code 1 on any error finding. */
export async function reviewAction(dir: string, opts: ReviewCliOptions): Promise<void> {
  const { reviewPaper, formatReview } = await import('../research/review.ts');
  let models: import('../models/types.ts').ChatModel[] = [];
  if (opts.model?.length) {
    const { createChatModels } = await import('../models/client.ts');
    models = [...createChatModels(opts.model).values()];
  }
  const review = await reviewPaper(dir, { bib: opts.bib ?? [], models, store: opts.store });
  process.stdout.write(opts.json ? `${JSON.stringify(review)}\n` : formatReview(review));
  if (review.counts.error > 0) process.exitCode = 1;
}
