import { generateKeyPairSync } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRunKey } from '../../src/ledger/keys.ts';
import { Store } from '../../src/store/store.ts';
import { registerVerify } from '../../src/cli/commands.ts';
import { runVerify } from '../../src/cli/verify.ts';
import { copyRun, rechain, smallRun, tamper, verifyCopy } from './support.ts';

let run: { dir: string; db: string; runId: string };
/** The champion and a program that was merely evaluated, to aim the edits at. */
let champion: number;
let other: number;
let lastEventId: number;

beforeAll(async () => {
  run = await smallRun(6);
  const store = await Store.open(run.db);
  const r = (await store.getRun(run.runId))!;
  champion = r.best_program_id!;
  const programs = await store.programs(run.runId);
  other = programs.find((p) => p.status === 'evaluated' && p.correct === 1 && p.id !== champion)!.id;
  lastEventId = (await store.ledgerEvents(run.runId)).at(-1)!.id;
  await store.close();
});

const only = (problems: string[], pattern: RegExp) => {
  expect(problems.length, problems.join('\n')).toBeGreaterThan(0);
  expect(
    problems.some((p) => pattern.test(p)),
    problems.join('\n'),
  ).toBe(true);
};

describe('the tamper-evident ledger', () => {
  it('a real run verifies: chain, programs, signed head, re-execution', async () => {
    const r = await verifyCopy(copyRun(run.db), run.dir);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.unsigned).toBe(0);
    expect(r.signedSeq).toBe(r.events);
    expect(r.reexecuted.map((x) => x.id)).toContain(champion);
    expect(r.reexecuted.every((x) => x.score === x.recorded)).toBe(true);
    const cli = await runVerify(run.dir, { topK: 3, reexecute: true, tolerance: 0 });
    expect(cli.ok).toBe(true);
  });

  it('keeps the private key outside the database, mode 0600', () => {
    const file = join(run.db, '..', 'keys', `${run.runId}.key`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadRunKey(join(run.db, '..', 'keys'), run.runId)).not.toBeNull();
  });

  it("catches one changed byte of a program's code", async () => {
    const copy = copyRun(run.db);
    tamper(copy.db, (db) => db.prepare("UPDATE programs SET code = replace(code, 'return', 'retURn') WHERE id = ?").run(other));
    const r = await verifyCopy(copy, run.dir, { reexecute: false });
    only(r.problems, new RegExp(`^program ${other}: code(, code_hash)? differs? from what event \\d+ \\(#\\d+\\) recorded`));
  });

  it('catches a changed score and a changed public metric, naming the column', async () => {
    const copy = copyRun(run.db);
    tamper(copy.db, (db) => {
      db.prepare('UPDATE programs SET score = score + 1 WHERE id = ?').run(other);
      db.prepare(`UPDATE programs SET public_json = '{"value":99,"half":1}' WHERE id = ?`).run(champion);
    });
    const r = await verifyCopy(copy, run.dir, { reexecute: false });
    only(r.problems, new RegExp(`^program ${other}: score differs from what event \\d+`));
    only(r.problems, new RegExp(`^program ${champion}: public_json differs from what event \\d+`));
  });

  it("catches a changed event's data, and a deleted event", async () => {
    const copy = copyRun(run.db);
    let victim = 0;
    tamper(copy.db, (db) => {
      const e = db.prepare("SELECT id FROM events WHERE type = 'evaluation.completed' ORDER BY id LIMIT 1").get() as { id: number };
      victim = e.id;
      db.prepare(`UPDATE events SET data_json = '{"correct":true,"score":1000}' WHERE id = ?`).run(victim);
    });
    only((await verifyCopy(copy, run.dir, { reexecute: false })).problems, new RegExp(`^event ${victim} \\(#\\d+\\): hash mismatch`));

    const copy2 = copyRun(run.db);
    tamper(copy2.db, (db) => db.prepare('DELETE FROM events WHERE id = ?').run(victim));
    const r = await verifyCopy(copy2, run.dir, { reexecute: false });
    only(r.problems, /^event \d+ \(#\d+\): position \d+ where \d+ was expected/);
    only(r.problems, /does not link to the event before it/);
  });

  it('catches a forged signature and a swapped public key', async () => {
    const copy = copyRun(run.db);
    tamper(copy.db, (db) => db.prepare('UPDATE runs SET signature = ?').run(Buffer.alloc(64, 7).toString('base64')));
    only((await verifyCopy(copy, run.dir, { reexecute: false })).problems, new RegExp(`^run ${run.runId}: signature invalid`));

    const copy2 = copyRun(run.db);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    tamper(copy2.db, (db) => db.prepare('UPDATE runs SET public_key = ?').run(other));
    const r = await verifyCopy(copy2, run.dir, { reexecute: false });
    only(r.problems, new RegExp(`^run ${run.runId}: signature invalid`));
    only(r.problems, new RegExp(`^run ${run.runId}: public key does not match its key file`));
  });

  it('an attacker who re-hashes the whole chain but has no key: the signature fails', async () => {
    const copy = copyRun(run.db);
    tamper(copy.db, (db) => {
      db.prepare('UPDATE programs SET score = score + 10 WHERE id = ?').run(champion);
      rechain(db, run.runId);
    });
    const r = await verifyCopy(copy, run.dir, { reexecute: false });
    expect(r.problems).toEqual([`run ${run.runId}: signature invalid (the head, the run's settings or its public key were changed)`]);
  });

  it('an attacker who also has the key: re-execution catches the false score', async () => {
    const copy = copyRun(run.db);
    const key = loadRunKey(copy.keyDir, run.runId)!;
    tamper(copy.db, (db) => {
      db.prepare('UPDATE programs SET score = score + 10 WHERE id = ?').run(champion);
      rechain(db, run.runId, key);
    });
    expect((await verifyCopy(copy, run.dir, { reexecute: false })).problems).toEqual([]);
    const r = await verifyCopy(copy, run.dir);
    expect(r.problems).toEqual([expect.stringMatching(new RegExp(`^program ${champion}: re-executed score \\d+ ≠ recorded \\d+`))]);
  });

  it('reports events appended without the key as unsigned, and fails unless allowed', async () => {
    const copy = copyRun(run.db);
    rmSync(join(copy.keyDir, `${run.runId}.key`));
    const store = await Store.open(copy.db, { keyDir: copy.keyDir });
    await store.appendEvent(run.runId, 'run.notice', null, { message: 'appended without the key' });
    await store.close();
    const r = await verifyCopy(copy, run.dir, { reexecute: false });
    expect(r.unsigned).toBe(1);
    only(r.problems, new RegExp(`^run ${run.runId}: 1 event\\(s\\) after the signed head are unsigned \\(events ${lastEventId + 1}`));
    const allowed = await verifyCopy(copy, run.dir, { reexecute: false, allowUnsigned: true });
    expect(allowed.problems).toEqual([]);
    expect(allowed.warnings).toHaveLength(1);
  });
});

describe('kaizen verify (command)', () => {
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const capture = (s: unknown) => {
      out.push(String(s));
      return true;
    };
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const before = process.exitCode;
    try {
      const program = new Command().exitOverride();
      registerVerify(program);
      await program.parseAsync(['node', 'kaizen', 'verify', ...args]);
      return { out: out.join(''), code: process.exitCode ?? 0 };
    } finally {
      spy.mockRestore();
      err.mockRestore();
      process.exitCode = before;
    }
  };

  it('an untouched run: exit 0 and a one-line summary', async () => {
    const r = await cli([run.dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^run ${run.runId}: ok: \\d+ events chained, head #\\d+ signed, \\d+ programs match, \\d+ re-executed\\n$`));
  });

  it('a tampered copy: exit 1, the problem named', async () => {
    const copy = copyRun(run.db);
    tamper(copy.db, (db) => db.prepare('UPDATE programs SET score = 0.5 WHERE id = ?').run(other));
    process.env.KAIZEN_KEY_DIR = copy.keyDir;
    try {
      const r = await cli([run.dir, '--db', copy.db, '--no-reexecute', '--json']);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.out) as { ok: boolean; runs: { problems: string[] }[] };
      expect(json.ok).toBe(false);
      expect(json.runs[0]!.problems).toContainEqual(
        expect.stringMatching(new RegExp(`^program ${other}: score differs from what event \\d+ \\(#\\d+\\) recorded$`)),
      );
    } finally {
      delete process.env.KAIZEN_KEY_DIR;
    }
  });
});
