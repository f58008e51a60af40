// The dashboard's ledger verifications, on a thread of their own (ledger-thread.ts starts it): a verification reads
// and hashes a run's whole record, a second or more on a run of 5,000 programs, and on the server's thread every other
// request would wait behind it. The thread opens the store read-only, as the server does, and answers one request at
// a time: { id, runId } -> { id, view } or { id, error }.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../store/store.ts';
import { verifyLedger } from './safeguards.ts';

const port = parentPort;
if (!port) throw new Error('ledger-worker.ts runs as a worker thread (see ledger-thread.ts)');
const store = await Store.open((workerData as { db: string }).db, { readOnly: true });

port.on('message', async ({ id, runId }: { id: number; runId: string }) => {
  try {
    const run = await store.getRun(runId);
    if (!run) throw new Error(`no run ${runId}`);
    port.postMessage({ id, view: await verifyLedger(store, run) });
  } catch (e) {
    port.postMessage({ id, error: (e as Error).message });
  }
});
