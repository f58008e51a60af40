import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.ts';
import { DEFAULT_POLICY, getPath, POLICY_FIELDS } from '../../src/improve/improver.ts';

describe('DEFAULT_POLICY', () => {
  it("is the config schema's defaults for every whitelisted field, and nothing else, in the whitelist's order (recorded improvers hold it as JSON)", () => {
    const defaults = configSchema.parse({});
    for (const path of Object.keys(POLICY_FIELDS)) expect(getPath(DEFAULT_POLICY, path), path).toEqual(getPath(defaults, path));
    const leaves = (o: unknown, prefix = ''): string[] =>
      typeof o === 'object' && o !== null ? Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
    expect(leaves(DEFAULT_POLICY)).toEqual(Object.keys(POLICY_FIELDS));
  });
});
