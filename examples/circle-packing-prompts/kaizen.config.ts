import { defineConfig } from 'kaizen';

// Prompt evolution with no API key: the stand-in model (a scripted policy on a loopback port, reached through the
// real SDK) follows the guidance of the prompt variant it is given, so variants differ in how often they improve.
// With a real model, replace 'standin' by its spec (e.g. 'openai:gpt-5-mini'): the variants' mutation is then a call
// to that model.
export default defineConfig({
  budget: { samples: 200 },
  islands: { count: 2, migrationInterval: 25 },
  models: ['standin'],
  llm: {
    mix: { diff: 0.7, full: 0.2, cross: 0.1 },
    promptEvolution: { enabled: true, initial: 3, size: 6, every: 12, minUses: 6 },
  },
});
