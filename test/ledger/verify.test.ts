import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendEvent, type ChainStore, CommitSettlement } from '../../src/ledger/append.ts';
import { publicKeyOf } from '../../src/ledger/keys.ts';
import { type LedgerEvent, type LedgerProgram, type LedgerRun, verifyRecord } from '../../src/ledger/verify.ts';
import { sha256 } from '../../src/util/hash.ts';

/** A run's record kept in memory: the ledger appends to it through its port, and verifies it with no database. */
function memoryRecord(signed = true) {
  const { privateKey } = generateKeyPairSync('ed25519');
  const run: LedgerRun = {
    id: 'run-m',
    task_name: 't',
    task_dir: '/t',
    task_hash: 'h',
    config_json: '{}',
    seed: 1,
    created_at: '2026-01-01T00:00:00Z',
    public_key: publicKeyOf(privateKey),
    head_seq: null,
    head_hash: null,
    signature: null,
    best_program_id: null,
    seed_score: null,
  };
  const events: LedgerEvent[] = [];
  const programs: LedgerProgram[] = [];
  const port: ChainStore = {
    lastEvent: async () => events.at(-1),
    programRow: async (id) => programs.find((p) => p.id === id),
    insertEvent: async (e) => void events.push({ ...e, id: events.length + 1 }),
    run: async () => run,
    signHead: async (head, signature) => {
      Object.assign(run, { head_seq: head.seq, head_hash: head.hash, signature });
    },
  };
  const add = async (id: number, code: string) => {
    programs.push({ id, code, code_hash: sha256(code), sample: id - 1, correct: 1, score: id, status: 'evaluated' });
    await appendEvent(
      port,
      { runId: run.id, type: 'proposal.created', programId: id, data: { id }, at: `2026-01-01T00:00:0${id}Z` },
      signed ? privateKey : null,
    );
  };
  return { run, events, programs, add, key: { publicKey: publicKeyOf(privateKey) } };
}

describe('pure verification of a record', () => {
  it('passes an untouched chain, signed at its head', async () => {
    const m = memoryRecord();
    for (const id of [1, 2, 3]) await m.add(id, `code ${id}`);
    const v = verifyRecord(m.run, m.events, m.programs, m.key);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ events: 3, signedSeq: 3, unsigned: 0, programs: 3 });
  });

  it('names a tampered program row, a broken link, a bad signature and a swapped key', async () => {
    const m = memoryRecord();
    for (const id of [1, 2, 3]) await m.add(id, `code ${id}`);
    m.programs[1].score = 99;
    expect(verifyRecord(m.run, m.events, m.programs, m.key).problems).toEqual(['program 2: score differs from what event 2 (#2) recorded']);
    m.programs[1].score = 2;
    const removed = m.events.splice(1, 1);
    expect(verifyRecord(m.run, m.events, m.programs, m.key).problems.join('\n')).toMatch(/event 3 \(#3\): position 3 where 2 was expected[\s\S]*does not link/);
    m.events.splice(1, 0, ...removed);
    const run = { ...m.run, seed: 2 };
    expect(verifyRecord(run, m.events, m.programs, m.key).problems).toEqual([
      `run ${run.id}: signature invalid (the head, the run's settings or its public key were changed)`,
    ]);
    const other = publicKeyOf(generateKeyPairSync('ed25519').privateKey);
    expect(verifyRecord(m.run, m.events, m.programs, { publicKey: other }).problems).toEqual([
      `run ${m.run.id}: public key does not match its key file (the key was swapped)`,
    ]);
    expect(verifyRecord(m.run, m.events, m.programs, { error: 'EACCES' }).problems).toEqual([`run ${m.run.id}: its key file is unreadable: EACCES`]);
  });

  it('reports events after the signed head: a problem, or a warning when allowed', async () => {
    const m = memoryRecord();
    await m.add(1, 'one');
    const head = { ...m.run };
    await m.add(2, 'two');
    const run = { ...m.run, head_seq: head.head_seq, head_hash: head.head_hash, signature: head.signature };
    expect(verifyRecord(run, m.events, m.programs, m.key).problems).toEqual([
      `run ${run.id}: 1 event(s) after the signed head are unsigned (events 2–2, #2–#2): their key was missing when they were appended, or the head was rolled back`,
    ]);
    const lenient = verifyRecord(run, m.events, m.programs, m.key, { allowUnsigned: true });
    expect(lenient.problems).toEqual([]);
    expect(lenient.warnings).toHaveLength(1);
  });
});

describe('commit settlement', () => {
  it('keeps the result of an attempt whose unanswered COMMIT did commit, and forgets one that did not', async () => {
    const s = new CommitSettlement<string>();
    expect(await s.committedEarlier(async () => true)).toBeUndefined();
    expect(s.commitUnanswered([], 'r0')).toBe(false);
    expect(
      s.commitUnanswered(
        [
          { seq: 1, hash: 'a' },
          { seq: 2, hash: 'b' },
        ],
        'r1',
      ),
    ).toBe(true);
    const asked: number[] = [];
    expect(
      await s.committedEarlier(async (h) => {
        asked.push(h.seq);
        return true;
      }),
    ).toEqual({ result: 'r1' });
    expect(asked).toEqual([2]);
    s.commitUnanswered([{ seq: 3, hash: 'c' }], 'r2');
    expect(await s.committedEarlier(async () => false)).toBeUndefined();
    expect(await s.committedEarlier(async () => true)).toBeUndefined();
  });
});
