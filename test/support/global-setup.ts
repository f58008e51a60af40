import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The CLI tests run bin/kaizen.js, which runs dist/: build it from the sources under test first (tsc, the assets, and
 * the pMARS command line's bundle).
 */
export default function setup(): void {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [`${repo}node_modules/typescript/bin/tsc`, '-p', `${repo}tsconfig.build.json`], { stdio: 'inherit' });
  execFileSync(process.execPath, [`${repo}scripts/copy-assets.ts`], { stdio: 'inherit' });
  execFileSync(process.execPath, [`${repo}scripts/bundle-corewar.ts`], { stdio: 'inherit' });
}
