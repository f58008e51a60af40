import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KaizenError } from '../errors.ts';
import { PromptSet } from '../operators/llm/prompts.ts';
import { bestVariant } from '../population/prompt-pool.ts';
import type { RunPrompts, VariantView } from '../store/queries.ts';
import { openExistingStore, pickRun, storeArg } from './shared.ts';

export interface PromptsOptions {
  db?: string;
  store?: string;
  run?: string;
  json?: boolean;
  export?: string;
  variant?: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The variants of a run, pool by pool, best-ranked first. */
export function promptsText(p: RunPrompts): string {
  const pools = [...new Set(p.variants.map((v) => v.pool))].sort((a, b) => a - b);
  const byModel = p.variants.filter((v) => v.origin === 'model').length;
  const lines = [
    `${p.variants.length} prompt variants (${byModel} written by a model, ${p.variants.filter((v) => v.origin === 'recombined').length} recombined offline), ${p.variants.filter((v) => v.retired).length} retired; prompt mutations cost $${p.mutationCost.toFixed(4)}`,
  ];
  for (const pool of pools) {
    lines.push(`pool ${pool}:`);
    const ranked = p.variants.filter((v) => v.pool === pool).sort((a, b) => b.rate - a.rate || a.id - b.id);
    for (const v of ranked) {
      const s = v.stats;
      const from = v.parent === null ? 'built-in' : `from #${v.parent}${v.other ? ` × #${v.other}` : ''}`;
      lines.push(
        `  #${v.id} ${v.origin}${v.retired ? ' (retired)' : ''}, ${from}, sample ${v.sample}: ${s.improved} improving of ${s.decided} decided (${pct(s.decided ? s.improved / s.decided : 0)}; rate ${pct(v.rate)}), ${s.correct} correct`,
      );
      for (const l of (v.text || '(the built-in prompt alone)').split('\n')) lines.push(`      ${l}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The variant to export: the one asked for, else the best proven one (population/prompt-pool.ts bestVariant). */
function chosen(p: RunPrompts, id: string | undefined): VariantView {
  if (id !== undefined) {
    const v = p.variants.find((x) => String(x.id) === id);
    if (!v) throw new KaizenError(`--variant ${id}: the run has variants ${p.variants.map((x) => x.id).join(', ')}`);
    return v;
  }
  return bestVariant(p.variants) ?? p.variants[0];
}

/**
 * A prompts folder from a variant: `system.md` with the variant's guidance written in (usable as `llm.prompts` of a
 * run, or `kaizen improve --prompts`, where it seeds the improver), and `variants.json` with every variant and its figures.
 */
export function exportPrompts(p: RunPrompts, dir: string, id?: string): { file: string; variant: VariantView } {
  const variant = chosen(p, id);
  const system = new PromptSet().template('system', 'javascript').text;
  const section = /\{\{#strategy\}\}[\s\S]*?\{\{\/strategy\}\}\n?/;
  if (!section.test(system)) throw new KaizenError('the built-in system prompt has no {{#strategy}} section to write the guidance into');
  const text = variant.text ? `\n# Approach\n${variant.text}\n` : '';
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'system.md');
  writeFileSync(file, system.replace(section, text));
  writeFileSync(join(dir, 'variants.json'), `${JSON.stringify({ exported: variant.id, variants: p.variants }, null, 2)}\n`);
  return { file, variant };
}

/** `kaizen prompts`: a run's prompt variants and their figures; `--export DIR` writes one as a prompts folder. */
export async function promptsAction(dir: string, opts: PromptsOptions): Promise<void> {
  const store = await openExistingStore(dir, storeArg(opts));
  try {
    const run = await pickRun(store, opts.run);
    const p = await store.read.runPrompts(run.id);
    if (!p) throw new KaizenError(`run ${run.id} did not evolve its prompts (set llm.promptEvolution.enabled and configure a model, e.g. --model standin)`);
    if (opts.export) {
      const { file, variant } = exportPrompts(p, opts.export, opts.variant);
      process.stderr.write(`variant #${variant.id} (${variant.stats.improved} improving of ${variant.stats.decided}) written to ${file}\n`);
    }
    if (opts.json) process.stdout.write(`${JSON.stringify(p)}\n`);
    else if (!opts.export) process.stdout.write(promptsText(p));
  } finally {
    await store.close();
  }
}
