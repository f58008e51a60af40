import { type Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy in front of Postgres that can cut a connection at a chosen statement — as the client sends it (the server
 * never sees it) or as the server answers it (the server did it, the client never hears) — to provoke a lost COMMIT
 * deterministically.
 */
export interface CuttingProxy {
  url: string;
  /** Cuts the next connection that sends `marker` (bytes of the wire protocol), at the given moment. */
  cut(marker: Buffer, when: 'before' | 'reply'): void;
  /** How many cuts have happened. */
  readonly cuts: number;
  close(): Promise<void>;
}

/** The wire bytes of a statement sent with the simple query protocol (what Kysely's BEGIN/COMMIT/ROLLBACK use). */
export function simpleQuery(text: string): Buffer {
  const body = Buffer.from(`${text}\0`);
  const head = Buffer.alloc(5);
  head.write('Q');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export async function startProxy(url: string): Promise<CuttingProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let armed: { marker: Buffer; when: 'before' | 'reply' } | null = null;
  let cuts = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let cutOnReply = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(armed.marker)) {
        const { when } = armed;
        armed = null;
        cuts++;
        if (when === 'before') return cut();
        cutOnReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutOnReply) return cut();
      client.write(chunk);
    });
    for (const s of [client, upstream]) {
      s.on('error', cut);
      s.on('close', cut);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const proxied = new URL(url);
  proxied.host = `127.0.0.1:${port}`;
  return {
    url: proxied.toString(),
    cut(marker, when) {
      armed = { marker, when };
    },
    get cuts() {
      return cuts;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
