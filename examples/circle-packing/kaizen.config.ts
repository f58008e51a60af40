import { defineConfig } from 'kaizen';

export default defineConfig({
  budget: { samples: 200 },
  islands: { count: 2, migrationInterval: 25 },
  selection: { strategy: 'weighted' },
  mapElites: {
    features: [
      { name: 'radius_spread', min: 0, max: 0.06, bins: 6 },
      { name: 'smallest_radius', min: 0, max: 0.1, bins: 5 },
    ],
    parentProbability: 0.2,
  },
});
