import { defineConfig } from 'kaizen';

export default defineConfig({ budget: { samples: 200 }, islands: { count: 2, migrationInterval: 25 }, llm: { prompts: './prompts' } });
