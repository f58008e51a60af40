import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { startUiServer, type UiServer } from '../../src/server/serve.ts';
import { REPO } from '../support/tmp.ts';

export const CHROMIUM = process.env.KAIZEN_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Screenshots go where CI keeps its outputs (ignored by git). */
export const ARTIFACTS = join(REPO, '.ci', 'out', 'ui');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless, with a fresh profile that is removed on close. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kaizen-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The newest modification time of the front end's sources (web/, and the API types it imports from src/). */
function sourcesTime(): number {
  let newest = 0;
  const walk = (path: string) => {
    const st = statSync(path);
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  walk(join(REPO, 'web'));
  walk(join(REPO, 'src', 'executor', 'stats.ts'));
  return newest;
}

/**
 * The tests' own build of the front end: `npm run build` empties dist/web first, so a build run meanwhile (by hand, or
 * by another test run) would break pages the tests are loading from it.
 */
export const WEB_DIR = join(REPO, '.ci', 'out', 'web');

const built = () => {
  const index = join(WEB_DIR, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= sourcesTime();
};

/**
 * Builds the front end into {@link WEB_DIR} unless it is already built from the current sources; returns the folder
 * for `startUiServer({ webDir })`. Test files run in parallel: a lock directory lets one build while the others wait.
 */
export function ensureFrontEnd(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (built()) return WEB_DIR;
  const lock = join(REPO, '.ci', 'out', 'web-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true }); // left by a killed run
      if (Date.now() > deadline) throw new Error(`waited 3 minutes for ${lock}: another front-end build holds it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!built()) {
      const vite = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
      execFileSync(process.execPath, [vite, 'build', '--config', join(REPO, 'web', 'vite.config.ts'), '--outDir', WEB_DIR, '--emptyOutDir'], {
        stdio: 'inherit',
        cwd: REPO,
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return WEB_DIR;
}

/** A dashboard on a run database, served on loopback and open in a fresh Chromium page that holds its token cookie. */
export interface Dashboard {
  server: UiServer;
  page: Page;
  /** The server's URL without its token. */
  base: string;
  /** GET `path` (relative to base, e.g. `api/runs`) with the token, as JSON. */
  api<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function openDashboard(db: string): Promise<Dashboard> {
  const server = await startUiServer({ db, webDir: ensureFrontEnd() });
  const browser = await launch();
  const page = await browser.context.newPage();
  await page.goto(server.url); // sets the token cookie
  const base = server.url.replace(/\?token=.*/, '');
  return {
    server,
    page,
    base,
    api: async <T>(path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${server.token}` } })).json() as Promise<T>,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
