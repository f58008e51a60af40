#!/usr/bin/env node
// The kaizen command. Runs the compiled package (dist/, built by `npm install`); from a source checkout that has
// not been built yet it runs the TypeScript sources directly (Node >= 22.18 strips types).
// The Node version is checked first, with nothing imported that an older Node cannot load (node:module's registerHooks,
// type stripping): an older Node gets one line saying what to do instead of a SyntaxError.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `kaizen: needs Node.js >= 22.18, but ${process.execPath} is ${process.version}; install a newer Node (from a source checkout: source scripts/node24.sh)\n`,
  );
  process.exit(1);
}
const { existsSync } = await import('node:fs');
const dist = new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(existsSync(dist) ? dist.href : new URL('../src/cli/main.ts', import.meta.url).href);
await main(process.argv);
