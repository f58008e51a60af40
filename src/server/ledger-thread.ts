// The server's side of ledger-worker.ts: a thread started on the first verification asked for, kept for the next, and
// started afresh if it dies. Its answers come back by request id; a thread that fails takes its pending requests with
// it (they fail with its error) but not the server.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LedgerView } from './safeguards.ts';

const workerUrl = new URL(`./ledger-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

type Answer = { id: number; view: LedgerView } | { id: number; error: string };

export class LedgerThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: LedgerView) => void; reject: (e: Error) => void }>();

  private readonly db: string;

  /** `db`: the store the server reads (an SQLite path or a Postgres URL), opened read-only by the thread. */
  constructor(db: string) {
    this.db = db;
  }

  /** The ledger's verification of run `runId`, computed on the thread. */
  verify(runId: string): Promise<LedgerView> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<LedgerView>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, runId });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new Error('the dashboard is closing'));
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerUrl, { workerData: { db: this.db } });
    worker.unref(); // the server's own handles keep the process alive, not an idle verifier
    worker.on('message', (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('view' in answer) waiting?.resolve(answer.view);
      else waiting?.reject(new Error(answer.error));
    });
    const died = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.fail(e);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the ledger verification thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private fail(e: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(e);
    this.pending.clear();
  }
}
