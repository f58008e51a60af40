import { defineConfig } from 'kaizen';

export default defineConfig({
  budget: { samples: 100 },
  islands: { count: 2, migrationInterval: 20 },
  selection: { strategy: 'weighted' },
});
