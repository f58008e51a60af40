// A/B of two versions of the MARS in one process: each git revision's (or the working tree's) src/corewar, loaded
// side by side, fights the Core War benchmark's 20-warrior round robin pairing by pairing, the two versions
// alternating (in both orders) so that the machine's drift hits them alike. Checks that both give the same scores on
// every pairing, and prints each one's time and instructions per second on one thread.
// Run: node bench/corewar-ab.ts REV_A [REV_B]   (REV_B defaults to the working tree; ROUNDS=20 REPS=2 by default)
//   e.g. node bench/corewar-ab.ts HEAD~1 HEAD
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { roundRobinWarriors } from './corewar.ts';
import { corewarData } from './data.ts';
import { ROOT } from './processes.ts';

type Assembler = typeof import('../src/corewar/assembler/index.ts');
type Battle = typeof import('../src/corewar/mars/battle.ts');

/** A revision's src/corewar in a folder of its own (it imports nothing else of Kaizen), or the working tree's. */
function checkout(rev: string, into: string): string {
  mkdirSync(into, { recursive: true });
  if (rev === 'worktree') cpSync(join(ROOT, 'src/corewar'), join(into, 'src/corewar'), { recursive: true });
  else execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${rev}" src/corewar | tar -x -C "${into}"`]);
  return join(into, 'src/corewar');
}

async function main(): Promise<void> {
  const [revA, revB = 'worktree'] = process.argv.slice(2);
  if (!revA) throw new Error('usage: node bench/corewar-ab.ts REV_A [REV_B]');
  const data = corewarData();
  if ('missing' in data) throw new Error(data.missing);
  const files = roundRobinWarriors(data);
  const rounds = Number(process.env.ROUNDS ?? 20);
  const reps = Number(process.env.REPS ?? 2);
  const tmp = mkdtempSync(join(tmpdir(), 'kaizen-mars-ab-'));
  try {
    const versions = await Promise.all(
      [revA, revB].map(async (rev, k) => {
        const dir = checkout(rev, join(tmp, String(k)));
        const asm = (await import(pathToFileURL(join(dir, 'assembler/index.ts')).href)) as Assembler;
        const battle = (await import(pathToFileURL(join(dir, 'mars/battle.ts')).href)) as Battle;
        const settings = { ...asm.resolveSettings({ warriors: 2 }), rounds };
        const warriors = files.map((f) => {
          const r = asm.assemble(readFileSync(f, 'utf8'), settings);
          if (!r.ok) throw new Error(`${f} does not assemble`);
          return r.warrior;
        });
        return { rev, battle, settings, warriors, ms: 0, instructions: 0 };
      }),
    );
    for (let rep = 0; rep < reps; rep++) {
      for (let i = 0; i < files.length; i++) {
        for (let j = i + 1; j < files.length; j++) {
          const order = (i + j + rep) % 2 ? versions : [...versions].reverse();
          const scores: string[] = [];
          for (const v of order) {
            const t = performance.now();
            const r = v.battle.runBattle([v.warriors[i], v.warriors[j]], v.settings, { fixedPosition: 4000 });
            v.ms += performance.now() - t;
            v.instructions += r.instructions;
            scores.push(JSON.stringify(r.warriors));
          }
          if (scores[0] !== scores[1]) throw new Error(`the versions disagree on pairing ${i}-${j}: ${scores.join(' vs ')}`);
        }
      }
    }
    const [a, b] = versions;
    console.log(`${files.length} warriors, every pairing, ${rounds} rounds (-F 4000), ${reps} passes, versions alternated; same scores on every pairing`);
    for (const v of versions) console.log(`  ${v.rev}: ${(v.ms / 1000).toFixed(2)} s, ${(v.instructions / v.ms / 1000).toFixed(1)} M instr/s`);
    console.log(`  ${b.rev} / ${a.rev}: ${(a.ms / b.ms).toFixed(3)}x the speed`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
