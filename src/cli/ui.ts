import type { Command } from 'commander';
import { startUiServer } from '../server/serve.ts';
import { redactUrl } from '../util/redact.ts';
import { dbPathFor, openExistingStore, parseIntOption, STORE_HELP, storeArg } from './shared.ts';

export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('serve the dashboard (runs, lineage, programs, models, safeguards, Core War battles) on 127.0.0.1')
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--port <n>', 'port (default: a free one)', parseIntOption('--port'))
    .option('--host <host>', 'address to bind (default 127.0.0.1); any other is still token-protected')
    .action(async (dir: string, opts: { db?: string; store?: string; port?: number; host?: string }) => {
      await (await openExistingStore(dir, storeArg(opts))).close(); // a clear error when there is no database
      const server = await startUiServer({ db: dbPathFor(dir, storeArg(opts)), port: opts.port, host: opts.host });
      if (opts.host && !['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
        process.stderr.write(`kaizen ui: listening on ${opts.host}: anyone who can reach it and has the token can read every program and prompt of this database\n`);
      }
      process.stdout.write(`kaizen ui: serving ${redactUrl(dbPathFor(dir, storeArg(opts)))}\n  ${server.url}\n(Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });
}
