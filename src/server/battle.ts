import { assemble } from '../corewar/assembler/index.ts';
import { validateSettings } from '../corewar/mars/battle.ts';
import { Mars } from '../corewar/mars/mars.ts';
import { RoundPlan } from '../corewar/mars/plan.ts';
import type { Instruction, Warrior } from '../corewar/types.ts';
import { KaizenError } from '../errors.ts';
import type { Run, Store } from '../store/store.ts';
import { HILLS, type HillName, hillSettings } from '../tasks/corewar.ts';

export interface ReplayStep {
  /** Warrior that moved, the address it executed, the instruction as text. */
  w: number;
  pc: number;
  ins: string;
  /** The cycle (1-based) this step ran in: a cycle is one instruction per live warrior, as pMARS counts them. */
  c: number;
  /** Cells whose owner changed: flat [address, owner, address, owner, …]. */
  writes: number[];
  /** Cells whose instruction changed, with the new one: the step's warrior wrote them. */
  cells: [address: number, instruction: string][];
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
  const initialCells = Array.from({ length: CS }, (_, i) => text(mars.cell(i)));
  const shownCells = [...initialCells];
  const steps: ReplayStep[] = [];
  // Cycles as pMARS counts them: each live warrior runs one instruction per cycle.
  let cycle = 1;
  let leftInCycle = mars.alive().filter(Boolean).length;
  while (steps.length < maxSteps) {
    if (leftInCycle === 0) {
      cycle++;
      leftInCycle = mars.alive().filter(Boolean).length;
    }
    const e = mars.step();
    if (!e) break;
    leftInCycle--;
    const writes: number[] = [];
    const cells: [number, string][] = [];
    const mod = (x: number) => ((x % CS) + CS) % CS;
    for (const addr of new Set([mod(e.pc + e.instruction.a), mod(e.pc + e.instruction.b), e.addrA, e.addrB])) {
      if (owner[addr] !== shadow[addr]) {
        shadow[addr] = owner[addr];
        writes.push(addr, owner[addr]);
      }
      const now = text(mars.cell(addr));
      if (now !== shownCells[addr]) {
        shownCells[addr] = now;
        cells.push([addr, now]);
      }
    }
    steps.push({
      w: e.warrior,
      pc: e.pc,
      ins: text(e.instruction),
      c: cycle,
      writes,
      cells,
      procs: warriors.map((_, i) => mars.processes(i).slice(0, PROCS_SHOWN)),
    });
    if (e.roundOver) break;
  }
  const alive = mars.alive();
  const truncated = steps.length >= maxSteps && !mars.roundOver;
  return {
    hill,
    coreSize: CS,
    round,
    positions: Array.from(plan.positions),
    starter: plan.starter,
    warriors: sources.map((s, i) => ({ id: s.id, name: warriors[i].name, length: warriors[i].instructions.length })),
    initial,
    initialCells,
    initialProcs: warriors.map((_, i) => [(plan.positions[i] + warriors[i].start) % CS]),
    steps,
    alive,
    truncated,
    /** How the round ended: the sole survivor (warrior index), a tie (both alive when the cycles ran out), or unknown (truncated). */
    result: truncated ? null : { winner: alive.filter(Boolean).length === 1 ? alive.indexOf(true) : null, cycles: steps.at(-1)?.c ?? 0 },
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

/** What the battle viewer of a run starts from; null for a run whose programs are not Redcode warriors. */
export interface RunBattle {
  /** The run's hill: the standard hill with the core size and length limit its task declared. */
  hill: HillName;
  /** False when the run did not record its hill (runs before run.started carried it) or it is not a standard one. */
  recorded: boolean;
  note: string | null;
}

/** `/api/runs/ID/battle`: whether the run evolves Redcode, and on which hill its battles are fought. */
export async function runBattle(store: Store, run: Run): Promise<RunBattle | null> {
  if ((await runLanguage(store, run)) !== 'redcode') return null;
  const started = (await store.read.eventsAfter(run.id, 0, { types: ['run.started'], limit: 1 }))[0];
  const declared = (started?.data as { redcode?: { coreSize: number; maxLength: number } } | undefined)?.redcode;
  if (!declared) return { hill: 'nano', recorded: false, note: 'the run did not record its hill: showing nano' };
  const names = Object.keys(HILLS) as HillName[];
  const hill = names.find((h) => HILLS[h].coreSize === declared.coreSize && HILLS[h].maxLength === declared.maxLength);
  if (hill) return { hill, recorded: true, note: null };
  // A custom hill: the standard one nearest in core size (the replay runs on standard hills only).
  const near = names.reduce((a, b) => (Math.abs(HILLS[b].coreSize - declared.coreSize) < Math.abs(HILLS[a].coreSize - declared.coreSize) ? b : a));
  return {
    hill: near,
    recorded: false,
    note: `the run's hill (core ${declared.coreSize}, length ${declared.maxLength}) is not a standard one: showing ${near}`,
  };
}

/** The language of a run's programs: its champion's (one row), else its initial program's; null before any. */
export async function runLanguage(store: Store, run: Run): Promise<string | null> {
  const id = run.best_program_id ?? (await store.read.figureRows(run.id)).find((r) => r.sample === 0)?.id;
  return id === undefined ? null : ((await store.getProgram(id))?.language ?? null);
}
