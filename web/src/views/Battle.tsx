import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fmt, type Lineage, paths, plural, type Replay, type RunBattle } from '../api.ts';
import { hashQuery, replaceHashQuery } from '../route.ts';
import { useData } from '../useData.ts';
import { useRunBattle } from './run-battle.ts';

const OWNER_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];
const EMPTY = '#e5e7eb';

/** The core after `step` steps: each cell's owner (colour), instruction, and the step that last wrote it (0: loaded). */
interface CoreState {
  owner: Int8Array;
  cells: string[];
  writtenAt: Int32Array;
}

function coreAt(r: Replay, step: number): CoreState {
  const owner = Int8Array.from(r.initial);
  const cells = [...r.initialCells];
  const writtenAt = new Int32Array(r.coreSize);
  for (let i = 0; i < step; i++) {
    const s = r.steps[i];
    for (let k = 0; k < s.writes.length; k += 2) owner[s.writes[k]] = s.writes[k + 1];
    for (const [addr, ins] of s.cells) {
      cells[addr] = ins;
      writtenAt[addr] = i + 1;
    }
  }
  return { owner, cells, writtenAt };
}

const side = (w: number) => (w === 0 ? 'A' : 'B');

/** How the round ended, once the replay is at its end. */
function ResultBanner({ replay }: { replay: Replay }) {
  const r = replay.result;
  const name = (w: number) => `${side(w)} (#${replay.warriors[w].id} ${replay.warriors[w].name})`;
  const text =
    r === null
      ? `No result: the replay stops after ${plural(replay.steps.length, 'step', 'steps')}, before the round ends.`
      : r.winner === null
        ? `Tie: both warriors alive after ${plural(r.cycles, 'cycle', 'cycles')} (the hill's limit).`
        : `${name(r.winner)} wins after ${plural(r.cycles, 'cycle', 'cycles')}: ${name(1 - r.winner)} has no process left.`;
  return (
    <p class="banner" data-testid="result" style="font-weight:bold">
      {text}
    </p>
  );
}

/** What a core cell holds at this step, who owns it and who last wrote it. */
function Inspector({ replay, core, addr }: { replay: Replay; core: CoreState; addr: number }) {
  const o = core.owner[addr];
  const at = core.writtenAt[addr];
  const warrior = (w: number) => `${side(w)} #${replay.warriors[w].id} ${replay.warriors[w].name}`;
  const writer =
    at > 0
      ? `${warrior(replay.steps[at - 1].w)} at step ${at} (cycle ${replay.steps[at - 1].c})`
      : o >= 0
        ? `loaded with ${warrior(o)}`
        : 'nobody (empty core)';
  return (
    <p data-testid="inspector">
      cell <b>{addr}</b>: <code data-testid="inspector-instruction">{core.cells[addr]}</code> · owner {o >= 0 ? warrior(o) : 'none'} · last written by {writer}
    </p>
  );
}

/** A warrior the selects offer: its id and score, and whether it is the run's seed. */
interface Warrior {
  id: number;
  score: number | null;
  seed: boolean;
}

/** The hills the viewer replays on: the server's standard ones. */
const HILLS: RunBattle['hill'][] = ['nano', 'tiny', '94nop'];
/** How many of the run's best warriors the selects list; the seed and the chosen pair are listed besides. */
const LISTED = 100;
/** The last round the viewer replays: the server draws every earlier round's placement first, so a round of billions would hang it. */
const MAX_ROUND = 9999;

/** One replay, as the address names it: `#/run/ID/battle?a=ID&b=ID&round=N&hill=NAME`. */
interface Choice {
  a: number;
  b: number;
  round: number;
  hill: RunBattle['hill'];
}

/** A round as replayed: a whole number from 0 to MAX_ROUND (0 for what is no number). */
const clampRound = (x: number) => (Number.isNaN(x) ? 0 : Math.min(MAX_ROUND, Math.max(0, Math.floor(x))));

/** A program id from the address, or null for none or nonsense. */
function programId(text: string | null): number | null {
  const id = Number(text);
  return text !== null && Number.isInteger(id) && id > 0 ? id : null;
}

/** The run's evaluated warriors, best first. */
function rankWarriors(l: Lineage): Warrior[] {
  const ranked: Warrior[] = [];
  l.id.forEach((id, i) => {
    if (l.status[i] === 'evaluated' && l.score[i] !== null) ranked.push({ id, score: l.score[i], seed: l.sample[i] === 0 });
  });
  return ranked.sort((x, y) => y.score! - x.score!);
}

/**
 * The replay the address asks for, its gaps filled in: the champion against the seed (else the weakest warrior), round 0,
 * the run's hill. Null while the run has no evaluated warrior to fill them with.
 */
function resolveChoice(q: URLSearchParams, ranked: Warrior[], l: Lineage, runHill: Choice['hill']): Choice | null {
  const a = programId(q.get('a')) ?? l.bestProgramId ?? ranked[0]?.id;
  const b = programId(q.get('b')) ?? (ranked.find((w) => w.seed) ?? ranked.at(-1))?.id;
  if (a == null || b == null) return null;
  const hill = HILLS.find((h) => h === q.get('hill')) ?? runHill;
  return { a, b, round: clampRound(Number(q.get('round') ?? 0)), hill };
}

/** What the selects list: the best LISTED warriors, the seed, and the chosen pair (a link may name any program). */
function warriorOptions(ranked: Warrior[], chosen: number[]): Warrior[] {
  const listed = ranked.filter((w, i) => i < LISTED || w.seed || chosen.includes(w.id));
  for (const id of chosen) if (!listed.some((w) => w.id === id)) listed.push({ id, score: null, seed: false });
  return listed;
}

/**
 * The hash's query, followed when a link, Back or Forward changes it; `replace` rewrites it without a new history
 * entry (as the lineage's colouring does), so that a shared link or Back restores the choices.
 */
function useHashQuery(): [URLSearchParams, (q: URLSearchParams) => void] {
  const [query, setQuery] = useState(() => hashQuery().toString());
  useEffect(() => {
    const on = () => setQuery(hashQuery().toString());
    addEventListener('hashchange', on);
    addEventListener('popstate', on);
    on(); // the hash may have changed before this effect listened
    return () => {
      removeEventListener('hashchange', on);
      removeEventListener('popstate', on);
    };
  }, []);
  const replace = (q: URLSearchParams) => {
    replaceHashQuery(q.toString());
    setQuery(q.toString());
  };
  return [useMemo(() => new URLSearchParams(query), [query]), replace];
}

/** A select of warriors (id, score, the seed marked). */
function WarriorPicker(props: { label: string; testId: string; warriors: Warrior[]; value: number; onPick: (id: number) => void }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onPick(Number((e.target as HTMLSelectElement).value))} data-testid={props.testId}>
        {props.warriors.map((w) => (
          <option key={w.id} value={w.id}>
            {`#${w.id} (${fmt(w.score, 3)}${w.seed ? ', seed' : ''})`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The two warriors, the round and the hill. */
function ChoicePickers({ choice, warriors, choose }: { choice: Choice; warriors: Warrior[]; choose: (change: Partial<Choice>) => void }) {
  return (
    <p>
      <WarriorPicker label="warrior A" testId="warrior-a" warriors={warriors} value={choice.a} onPick={(a) => choose({ a })} />{' '}
      <WarriorPicker label="warrior B" testId="warrior-b" warriors={warriors} value={choice.b} onPick={(b) => choose({ b })} />{' '}
      <label>
        round{' '}
        <input
          type="number"
          min={0}
          max={MAX_ROUND}
          step={1}
          value={choice.round}
          style="width:4em"
          data-testid="round"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const round = clampRound(Number(input.value));
            // Shown at once: a clamp to the round already chosen (-1 → 0) changes no state, so no render would.
            input.value = String(round);
            choose({ round });
          }}
        />
      </label>{' '}
      <label>
        hill{' '}
        <select value={choice.hill} onChange={(e) => choose({ hill: (e.target as HTMLSelectElement).value as Choice['hill'] })} data-testid="hill">
          {HILLS.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
    </p>
  );
}

/** Core War battle viewer: one round of two warriors of a run, replayed cycle by cycle on the server's MARS. */
export function Battle({ runId }: { runId: string }) {
  // A fresh viewer per run: its warriors and hill are the run's, never the previous run's.
  return <RunBattleView key={runId} runId={runId} />;
}

/** The run's battle settings first: an unknown run or one of another language has nothing to choose. */
function RunBattleView({ runId }: { runId: string }) {
  const { settings, error } = useRunBattle(runId);
  if (error) return <p class="error">{error}</p>;
  if (settings === undefined) return <p>Loading…</p>;
  if (settings === null) return <p class="muted">This run's programs are not Redcode warriors: there is no battle to replay.</p>;
  return <BattleChooser runId={runId} settings={settings} />;
}

/** The choices, kept in the address (the view follows it), and the replay they name. */
function BattleChooser({ runId, settings }: { runId: string; settings: RunBattle }) {
  const { data: lineage, error: lineageError } = useData<Lineage>(paths.lineage(runId));
  const [query, replaceQuery] = useHashQuery();
  const ranked = useMemo(() => (lineage ? rankWarriors(lineage) : []), [lineage]);
  const choice = useMemo(() => (lineage ? resolveChoice(query, ranked, lineage, settings.hill) : null), [query, ranked, lineage, settings]);
  const warriors = useMemo(() => (choice ? warriorOptions(ranked, [choice.a, choice.b]) : []), [ranked, choice]);
  const choose = (change: Partial<Choice>) => {
    const c = { ...choice!, ...change };
    replaceQuery(new URLSearchParams({ a: String(c.a), b: String(c.b), round: String(c.round), hill: c.hill }));
  };
  const path = choice && `/api/corewar/battle?programs=${choice.a},${choice.b}&round=${choice.round}&hill=${choice.hill}`;
  const { data: replay, error } = useData<Replay>(path);
  return (
    <section>
      {choice && <ChoicePickers choice={choice} warriors={warriors} choose={choose} />}
      {settings.note && <p class="muted">{settings.note}</p>}
      {lineageError && <p class="error">{lineageError}</p>}
      {error && <p class="error">{error}</p>}
      {!lineageError && !error && !replay && <p>{!lineage ? 'Loading the warriors…' : choice ? 'Replaying…' : 'No evaluated warrior in this run yet.'}</p>}
      {/* A new replay, a new player: at step 0, paused. */}
      {replay && <Player key={path} replay={replay} />}
    </section>
  );
}

/** A replay: play and pause, the core by owner with the process pointers, the cell inspector and the result. */
function Player({ replay }: { replay: Replay }) {
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  // Playing: about 20 s for the whole round, at least one step a frame; it stops by itself at the end.
  useEffect(() => {
    if (!playing) return;
    const total = replay.steps.length;
    const stride = Math.max(1, Math.ceil(total / 400));
    const timer = setInterval(() => {
      setStep((s) => {
        const next = Math.min(total, s + stride);
        if (next === total) setPlaying(false);
        return next;
      });
    }, 50);
    return () => clearInterval(timer);
  }, [playing, replay]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const core = useMemo(() => coreAt(replay, step), [replay, step]);
  const owner = core.owner;
  const procs = step === 0 ? replay.initialProcs : replay.steps[step - 1].procs;
  const width = Math.ceil(Math.sqrt(replay.coreSize));
  const cell = Math.max(3, Math.floor(640 / width));
  /** The core address under the pointer, or null off the core. */
  const cellAt = (e: MouseEvent): number | null => {
    const c = e.currentTarget as HTMLCanvasElement;
    const box = c.getBoundingClientRect();
    const x = Math.floor((e.clientX - box.left) / cell);
    const y = Math.floor((e.clientY - box.top) / cell);
    const addr = y * width + x;
    return x >= 0 && x < width && addr >= 0 && addr < replay.coreSize ? addr : null;
  };
  // A layout effect: the core is drawn in the same frame as the step it shows, not a frame after its counter.
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    for (let i = 0; i < replay.coreSize; i++) {
      g.fillStyle = owner[i] < 0 ? EMPTY : OWNER_COLOURS[owner[i] % OWNER_COLOURS.length];
      g.fillRect((i % width) * cell, Math.floor(i / width) * cell, cell - 1, cell - 1);
    }
    // Process pointers: a dark ring on each queued address, the next to run filled.
    procs.forEach((list, w) => {
      list.forEach((addr, k) => {
        g.strokeStyle = '#111827';
        g.lineWidth = k === 0 ? 3 : 1.5;
        g.strokeRect((addr % width) * cell + 1, Math.floor(addr / width) * cell + 1, cell - 3, cell - 3);
        if (k === 0) {
          g.fillStyle = '#fde047';
          g.fillRect((addr % width) * cell + cell / 3, Math.floor(addr / width) * cell + cell / 3, cell / 3, cell / 3);
        }
        void w;
      });
    });
  }, [replay, owner, procs]);
  const counts = replay.warriors.map((_, w) => owner.reduce((n, o) => n + (o === w ? 1 : 0), 0));
  const last = step > 0 ? replay.steps[step - 1] : null;
  return (
    <>
      <p>
        <button
          type="button"
          data-testid="play"
          onClick={() => {
            if (step >= replay.steps.length) setStep(0); // at the end, Play starts over
            setPlaying(!playing || step >= replay.steps.length);
          }}
        >
          {playing ? 'Pause' : step >= replay.steps.length ? 'Replay' : 'Play'}
        </button>{' '}
        <input
          type="range"
          min={0}
          max={replay.steps.length}
          value={step}
          style="width:640px"
          aria-label="cycle"
          data-testid="cycle"
          onInput={(e) => {
            setPlaying(false);
            setStep(Number((e.target as HTMLInputElement).value));
          }}
        />{' '}
        <span data-testid="step">
          step {step} / {replay.steps.length}
        </span>{' '}
        · <span data-testid="cycle-count">cycle {step === 0 ? 0 : replay.steps[step - 1].c}</span>
        {replay.truncated ? ' (truncated)' : ''}
      </p>
      <p data-testid="owned">
        {replay.warriors.map((w, i) => (
          <span key={w.id} class="chip" style={`border-color:${OWNER_COLOURS[i]}`}>
            {side(i)} #{w.id} {w.name}: {plural(counts[i], 'cell', 'cells')}, {plural(procs[i]?.length ?? 0, 'process', 'processes')}
          </span>
        ))}
      </p>
      <canvas
        class="core"
        ref={canvas}
        width={width * cell}
        height={width * cell}
        data-testid="core"
        onClick={(e) => setPicked(cellAt(e))}
        onMouseMove={(e) => setHovered(cellAt(e))}
        onMouseLeave={() => setHovered(null)}
      />
      {(picked ?? hovered) !== null ? (
        <Inspector replay={replay} core={core} addr={(hovered ?? picked)!} />
      ) : (
        <p class="muted">Click or hover a cell to see its instruction.</p>
      )}
      {step >= replay.steps.length && <ResultBanner replay={replay} />}
      <p class="muted">
        round {replay.round}, core {replay.coreSize}, placed at {replay.positions.join(' and ')}, {replay.starter === 0 ? 'A' : 'B'} moves first ·{' '}
        {last ? `last: ${last.w === 0 ? 'A' : 'B'} executed ${last.ins} at ${last.pc}` : 'before the first cycle'} · end:{' '}
        {replay.alive.map((x, i) => `${i === 0 ? 'A' : 'B'} ${x ? 'alive' : 'dead'}`).join(', ')}
      </p>
    </>
  );
}
