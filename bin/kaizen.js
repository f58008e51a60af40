#!/usr/bin/env node
// The kaizen command. Runs the compiled package (dist/, built by `npm install`); from a source checkout that has
// not been built yet it runs the TypeScript sources directly (Node >= 22.18 strips types).
import { existsSync } from 'node:fs';

const dist = new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(existsSync(dist) ? dist.href : new URL('../src/cli/main.ts', import.meta.url).href);
await main(process.argv);
