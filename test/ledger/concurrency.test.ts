import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { checkChain } from '../../src/ledger/verify.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { tempDir } from '../support/tmp.ts';

describe('ledger appends', () => {
  it('stay one chain when many are fired at once, and a second process-like store continues it', async () => {
    const dir = tempDir();
    const db = join(dir, '.kaizen', 'kaizen.db');
    const store = await Store.open(db);
    const run = await store.createRun({ id: 'run-c', task_name: 't', task_dir: dir, task_hash: 'h', config_json: '{}', seed: 1, status: 'running', pid: null });
    const base = { run_id: run.id, island: 0, generation: 0, operator: 'x', model: null, status: 'pending' as const, language: 'js' };
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.insertProgram(
          { ...base, sample: i, parent_id: null, code: `c${i}`, code_hash: sha256(`c${i}`) },
          { type: 'proposal.created', data: { sample: i, parent: null, operator: 'x', change: `c${i}` } },
        ),
      ),
    );
    await Promise.all([
      ...ids.map((id) =>
        store.updateProgram(run.id, id, { status: 'evaluated', correct: 1, score: id }, { type: 'evaluation.completed', data: { correct: true, score: id } }),
      ),
      ...ids.map((id) => store.appendEvent(run.id, 'run.notice', id, { message: String(id) })),
    ]);
    await store.close();
    // Reopened (as a resumed run would be): the key is read from its file and the chain goes on.
    const again = await Store.open(db);
    await again.appendEvent(run.id, 'run.resumed', null, { pid: process.pid });
    const events = await again.ledgerEvents(run.id);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(checkChain(events)).toEqual([]);
    const r = await verifyRun(again, (await again.getRun(run.id))!, { reexecute: false });
    expect(r.problems).toEqual([]);
    expect(r.signedSeq).toBe(61);
    await again.close();
  });
});
