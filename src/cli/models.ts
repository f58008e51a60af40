import type { KaizenConfig } from '../config/config.ts';
import { loadTask } from '../config/load.ts';
import { checkModels } from '../models/doctor.ts';
import { createPricing } from '../models/pricing.ts';
import { API_KEY_ENV } from '../models/registry.ts';
import { parseModelSpec, resolveBaseURL } from '../models/spec.ts';

async function configuredModels(dir: string, models: string[] | undefined, embedding: string | undefined): Promise<KaizenConfig> {
  return (await loadTask(dir, { ...(models?.length ? { models } : {}), ...(embedding ? { embedding } : {}) })).config;
}

export interface ModelsOptions {
  model?: string[];
  embedding?: string;
  json?: boolean;
}

export interface DoctorOptions extends ModelsOptions {
  timeout: number;
}

/** `kaizen models`: the models a run of DIR would use, their prices and whether their API key is set. */
export async function modelsAction(dir: string, opts: ModelsOptions): Promise<void> {
  const config = await configuredModels(dir, opts.model, opts.embedding);
  const pricing = createPricing({ overrides: config.llm.prices });
  const rows = [...config.models.map((m) => ({ m, role: 'chat' })), ...(config.embedding ? [{ m: config.embedding, role: 'embedding' }] : [])].map(
    ({ m, role }) => {
      const spec = parseModelSpec(m);
      const key = API_KEY_ENV[spec.provider];
      const price = pricing.lookup(spec.id);
      return {
        id: spec.id,
        role,
        baseURL: resolveBaseURL(spec) ?? '(provider default)',
        key: process.env[key.name] ? `${key.name} set` : key.optional ? 'no key needed' : `${key.name} MISSING`,
        temperatures: spec.temperatures,
        maxTokens: spec.maxTokens,
        weight: spec.weight,
        price: price ? { inputPerM: price.input, outputPerM: price.output, cachedInputPerM: price.cachedInput ?? null } : null,
      };
    },
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) process.stdout.write('no model configured: runs use the offline operators (add --model or `models` in kaizen.config.ts)\n');
  for (const r of rows) {
    const price = r.price ? `$${r.price.inputPerM}/M in, $${r.price.outputPerM}/M out` : 'no price known (counted as $0; set llm.prices)';
    process.stdout.write(
      `${r.id} [${r.role}] ${r.baseURL}; ${r.key}; ${price}; temperatures ${r.temperatures.join('/')}, max ${r.maxTokens} tokens, weight ${r.weight}\n`,
    );
  }
  if (!config.embedding) process.stdout.write('novelty embeddings: local (hashed token n-grams)\n');
}

/** `kaizen doctor`: one small call per configured model; exit code 1 if any fails. */
export async function doctorAction(dir: string, opts: DoctorOptions): Promise<void> {
  const config = await configuredModels(dir, opts.model, opts.embedding);
  const checks = await checkModels(config.models, { embedder: config.embedding, timeoutMs: opts.timeout });
  if (opts.json) process.stdout.write(`${JSON.stringify(checks)}\n`);
  else {
    if (config.models.length === 0) process.stdout.write('no model configured: runs use the offline operators\n');
    for (const c of checks) {
      const detail = c.ok ? `ok in ${Math.round(c.latencyMs)} ms` : `FAILED: ${c.error}`;
      process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.id} [${c.role}] ${detail}${c.note ? ` (${c.note})` : ''}\n`);
    }
  }
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}
