import { defineConfig } from 'kaizen';

export default defineConfig({
  budget: { samples: 300 },
  islands: { count: 2, migrationInterval: 30 },
  selection: { strategy: 'weighted' },
  mapElites: {
    features: [
      { name: 'length', min: 1, max: 6, bins: 5 },
      { name: 'spl_share', min: 0, max: 1, bins: 4 },
    ],
    parentProbability: 0.2,
  },
});
