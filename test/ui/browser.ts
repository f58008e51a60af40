import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { REPO } from '../support/tmp.ts';

export const CHROMIUM = process.env.KAIZEN_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Screenshots go where CI keeps its outputs (ignored by git). */
export const ARTIFACTS = join(REPO, '.ci', 'out', 'ui');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium, headless, with a fresh profile that is removed on close. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kaizen-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The built front end, built now if `npm run build` has not been run. */
export function ensureFrontEnd(): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (existsSync(join(REPO, 'dist', 'web', 'index.html'))) return;
  execFileSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(REPO, 'web', 'vite.config.ts')], { stdio: 'inherit', cwd: REPO });
}
