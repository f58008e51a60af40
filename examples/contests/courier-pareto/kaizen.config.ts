import { defineConfig } from 'kaizen';

export default defineConfig({ budget: { samples: 200 }, islands: { count: 2, migrationInterval: 25 }, selection: { strategy: 'pareto' } });
