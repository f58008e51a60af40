import { startUiServer } from '../server/serve.ts';
import { redactUrl } from '../util/redact.ts';
import { dbPathFor, openExistingStore, storeArg } from './shared.ts';

export interface UiOptions {
  db?: string;
  store?: string;
  port?: number;
  host?: string;
}

/** `kaizen ui`: serves the dashboard until SIGINT/SIGTERM. */
export async function uiAction(dir: string, opts: UiOptions): Promise<void> {
  await (await openExistingStore(dir, storeArg(opts))).close(); // a clear error when there is no database
  const server = await startUiServer({ db: dbPathFor(dir, storeArg(opts)), port: opts.port, host: opts.host });
  if (opts.host && !['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
    process.stderr.write(
      `kaizen ui: listening on ${opts.host}: anyone who can reach it and has the token can read every program and prompt of this database\n`,
    );
  }
  process.stdout.write(`kaizen ui: serving ${redactUrl(dbPathFor(dir, storeArg(opts)))}\n  ${server.url}\n(Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}
