import { defineConfig } from 'kaizen';

export default defineConfig({
  budget: { samples: 200 },
  islands: { count: 2, migrationInterval: 25 },
  // Parents drawn from the Pareto front, sparse regions first (crowding distance).
  selection: { strategy: 'pareto' },
});
