import { defineConfig } from 'kaizen';

export default defineConfig({
  budget: { samples: 300 },
  islands: { count: 2, migrationInterval: 30 },
  selection: { strategy: 'weighted' },
  mapElites: {
    features: [
      { name: 'processes_log2', min: 0, max: 6.33, bins: 4 },
      { name: 'coverage', min: 0, max: 1, bins: 5 },
    ],
    parentProbability: 0.2,
  },
});
