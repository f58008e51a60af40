import { assemble } from '../corewar/assembler/index.ts';
import { validateSettings } from '../corewar/mars/battle.ts';
import { Mars } from '../corewar/mars/mars.ts';
import { RoundPlan } from '../corewar/mars/plan.ts';
import type { Instruction, Warrior } from '../corewar/types.ts';
import { KaizenError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { HILLS, type HillName, hillSettings } from '../tasks/corewar.ts';

export interface ReplayStep {
  /** Warrior that moved, the address it executed, the instruction as text. */
  w: number;
  pc: number;
  ins: string;
  /** Cells whose owner changed: flat [address, owner, address, owner, …]. */
  writes: number[];
  /** Queued process addresses of each warrior after the step (at most PROCS_SHOWN each). */
  procs: number[][];
}

const PROCS_SHOWN = 64;
const text = (i: Instruction) => `${i.op}.${i.mod} ${i.aMode}${i.a}, ${i.bMode}${i.b}`;

/**
 * Replays round `round` (0-based) of a battle between two warriors exactly as the Core War task fights it: the same
 * hill, the task's placement seed (default 1), pMARS's placements and first mover for that round.
 */
export function replayRound(sources: { id: number; code: string }[], hill: HillName, round: number, seed = 1, maxSteps = 20_000) {
  const settings = hillSettings(hill, round + 1);
  const warriors: Warrior[] = sources.map((s) => {
    const r = assemble(s.code, settings);
    if (!r.ok) throw new KaizenError(`program ${s.id} does not assemble: ${r.errors[0]?.message ?? 'unknown error'}`);
    return r.warrior;
  });
  validateSettings(warriors.length, settings);
  const plan = new RoundPlan(warriors.length, settings.coreSize, settings.minDistance, seed);
  plan.skip(round);
  plan.next();
  const mars = new Mars(warriors, settings, { trackOwners: true });
  mars.startRound(plan.positions, plan.starter);
  const owner = mars.owner!;
  const shadow = Int8Array.from(owner);
  const initial = Array.from(owner);
  const CS = settings.coreSize;
  const steps: ReplayStep[] = [];
  while (steps.length < maxSteps) {
    const e = mars.step();
    if (!e) break;
    const writes: number[] = [];
    const mod = (x: number) => ((x % CS) + CS) % CS;
    for (const addr of new Set([mod(e.pc + e.instruction.a), mod(e.pc + e.instruction.b), e.addrA, e.addrB])) {
      if (owner[addr] !== shadow[addr]) {
        shadow[addr] = owner[addr];
        writes.push(addr, owner[addr]);
      }
    }
    steps.push({ w: e.warrior, pc: e.pc, ins: text(e.instruction), writes, procs: warriors.map((_, i) => mars.processes(i).slice(0, PROCS_SHOWN)) });
    if (e.roundOver) break;
  }
  return {
    hill,
    coreSize: CS,
    round,
    positions: Array.from(plan.positions),
    starter: plan.starter,
    warriors: sources.map((s, i) => ({ id: s.id, name: warriors[i].name, length: warriors[i].instructions.length })),
    initial,
    initialProcs: warriors.map((_, i) => [(plan.positions[i] + warriors[i].start) % CS]),
    steps,
    alive: mars.alive(),
    truncated: steps.length >= maxSteps && !mars.roundOver,
  };
}

/** `/api/corewar/battle?programs=ID,ID&round=N&hill=nano`: loads the two programs and replays the round. */
export async function battleFromQuery(store: Store, q: { programs?: string; round?: string; hill?: string; seed?: string }) {
  const ids = (q.programs ?? '').split(',').map(Number).filter(Number.isInteger);
  if (ids.length !== 2) throw new KaizenError('programs=ID,ID names two programs');
  const hill = (q.hill ?? 'nano') as HillName;
  if (!(hill in HILLS)) throw new KaizenError(`unknown hill ${hill}`);
  const round = Math.max(0, Number(q.round ?? 0) | 0);
  const sources = [];
  for (const id of ids) {
    const p = await store.getProgram(id);
    if (!p) throw new KaizenError(`no program ${id}`);
    if (p.language !== 'redcode') throw new KaizenError(`program ${id} is not a Redcode warrior`);
    sources.push({ id, code: p.code });
  }
  return replayRound(sources, hill, round, q.seed ? Number(q.seed) : 1);
}
