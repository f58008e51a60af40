import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { allowedHosts, isWildcard, newToken } from './auth.ts';
import { LedgerThread } from './ledger-thread.ts';

export interface UiServerOptions {
  db: string;
  port?: number;
  host?: string;
  token?: string;
  webDir?: string | null;
  liveIntervalMs?: number;
  /**
   * More Host header values to answer to (a reverse proxy's name), `name` (any port) or `name:port`; the loopback names,
   * the bound address and, on 0.0.0.0/::, the machine's hostname and interface addresses are always accepted.
   */
  allowedHosts?: string[];
}

export interface UiServer {
  /** The URL to open, with the token; on 0.0.0.0/:: it names an address other machines can reach. */
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

/** The machine's interface addresses (IPv6 without a zone id). */
function interfaceAddresses(): { address: string; family: string; internal: boolean }[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((a) => ({ address: a.address.replace(/%.*$/, ''), family: a.family, internal: a.internal }));
}

/**
 * The host to print in the URL: the bound address, or, for a wildcard one, the first external IPv4 address (else the
 * hostname, else loopback), since http://0.0.0.0:PORT/ reaches nothing from another machine.
 */
export function shownHost(bound: string, addresses = interfaceAddresses(), name = hostname()): string {
  if (!isWildcard(bound)) return bound;
  return addresses.find((a) => a.family === 'IPv4' && !a.internal)?.address ?? (name || '127.0.0.1');
}

/** Starts the dashboard on host:port (127.0.0.1 and a free port by default). */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const store = await Store.open(options.db, { readOnly: true }); // the dashboard only reads
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  // Set once listening (the port may be chosen by the system); until then nothing is answered.
  let allowHost: (host: string | undefined) => boolean = () => false;
  // The ledger's verifications hold a thread for a second or more on a big run: not the one that answers requests.
  const ledger = new LedgerThread(options.db);
  const app = createApp({
    store,
    token,
    webDir: options.webDir === undefined ? defaultWebDir() : options.webDir,
    liveIntervalMs: options.liveIntervalMs,
    allowHost: (h) => allowHost(h),
    verifyLedger: (_store, run) => ledger.verify(run.id),
  });
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  allowHost = allowedHosts(host, port, options.allowedHosts, {
    hostname: hostname(),
    addresses: interfaceAddresses().map((a) => a.address),
  });
  const name = shownHost(host);
  const shown = name.includes(':') ? `[${name}]` : name;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ledger.close();
      await store.close();
    },
  };
}
