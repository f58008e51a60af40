import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { newToken } from './auth.ts';

export interface UiServerOptions {
  db: string;
  port?: number;
  host?: string;
  token?: string;
  webDir?: string | null;
  liveIntervalMs?: number;
}

export interface UiServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** dist/web beside this module (built), whether it runs from src/ or from dist/. */
export function defaultWebDir(): string | null {
  for (const rel of ['../web', '../../dist/web']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return null;
}

/** Starts the dashboard on host:port (127.0.0.1 and a free port by default). */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const store = await Store.open(options.db);
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  const app = createApp({ store, token, webDir: options.webDir === undefined ? defaultWebDir() : options.webDir, liveIntervalMs: options.liveIntervalMs });
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
