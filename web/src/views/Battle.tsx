import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fmt, type Lineage, type Replay } from '../api.ts';
import { hashQuery } from '../route.ts';
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
      ? `No result: the replay stops after ${replay.steps.length} steps, before the round ends.`
      : r.winner === null
        ? `Tie: both warriors alive after ${r.cycles} cycles (the hill's limit).`
        : `${name(r.winner)} wins after ${r.cycles} cycles: ${name(1 - r.winner)} has no process left.`;
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

/** A select of the run's best warriors (id and score). */
function WarriorPicker(props: {
  label: string;
  testId: string;
  warriors: { id: number; score: number | null }[];
  value: number | null;
  onPick: (id: number) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value ?? ''} onChange={(e) => props.onPick(Number((e.target as HTMLSelectElement).value))} data-testid={props.testId}>
        {props.warriors.map((w) => (
          <option key={w.id} value={w.id}>
            #{w.id} ({fmt(w.score, 3)})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Core War battle viewer: one round of two warriors of a run, replayed cycle by cycle on the server's MARS. */
export function Battle({ runId }: { runId: string }) {
  // A fresh viewer per run: its warriors and hill are the run's, never the previous run's.
  return <RunBattleView key={runId} runId={runId} />;
}

function RunBattleView({ runId }: { runId: string }) {
  const settings = useRunBattle(runId);
  const lineage = useData<Lineage>(`/api/runs/${runId}/programs`).data;
  const warriors = useMemo(() => {
    if (!lineage) return [];
    const list = lineage.id
      .map((id, i) => ({ id, score: lineage.score[i], status: lineage.status[i], sample: lineage.sample[i] }))
      .filter((w) => w.status === 'evaluated' && w.score !== null);
    return list.sort((a, b) => b.score! - a.score!).slice(0, 100);
  }, [lineage]);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [round, setRound] = useState(0);
  const [hill, setHill] = useState<string | null>(null);
  // The run's own hill first; the select changes it.
  useEffect(() => {
    if (settings && hill === null) setHill(settings.hill);
  }, [settings]);
  useEffect(() => {
    if (!warriors.length || a !== null) return;
    const asked = Number(hashQuery().get('a'));
    setA(asked || (lineage?.bestProgramId ?? warriors[0].id));
    setB((warriors.find((w) => w.sample === 0) ?? warriors[warriors.length - 1]).id);
  }, [warriors]);
  const { data: replay, error } = useData<Replay>(
    a !== null && b !== null && hill !== null ? `/api/corewar/battle?programs=${a},${b}&round=${round}&hill=${hill}` : null,
  );
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  useEffect(() => {
    setStep(0);
    setPlaying(false);
  }, [replay]);
  // Playing: about 20 s for the whole round, at least one step a frame; it stops by itself at the end.
  useEffect(() => {
    if (!playing || !replay) return;
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
  const core = useMemo(() => (replay ? coreAt(replay, step) : null), [replay, step]);
  const owner = core?.owner ?? null;
  const procs = replay ? (step === 0 ? replay.initialProcs : replay.steps[step - 1].procs) : [];
  const width = replay ? Math.ceil(Math.sqrt(replay.coreSize)) : 1;
  const cell = replay ? Math.max(3, Math.floor(640 / width)) : 1;
  /** The core address under the pointer, or null off the core. */
  const cellAt = (e: MouseEvent): number | null => {
    const c = e.currentTarget as HTMLCanvasElement;
    const box = c.getBoundingClientRect();
    const x = Math.floor((e.clientX - box.left) / cell);
    const y = Math.floor((e.clientY - box.top) / cell);
    const addr = y * width + x;
    return replay && x >= 0 && x < width && addr >= 0 && addr < replay.coreSize ? addr : null;
  };
  useEffect(() => {
    const c = canvas.current;
    if (!c || !replay || !owner) return;
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
  const counts = owner && replay ? replay.warriors.map((_, w) => owner.reduce((n, o) => n + (o === w ? 1 : 0), 0)) : [];
  const last = replay && step > 0 ? replay.steps[step - 1] : null;
  return (
    <section>
      <p>
        <WarriorPicker label="warrior A" testId="warrior-a" warriors={warriors} value={a} onPick={setA} />{' '}
        <WarriorPicker label="warrior B" testId="warrior-b" warriors={warriors} value={b} onPick={setB} />{' '}
        <label>
          round <input type="number" min={0} value={round} style="width:4em" onChange={(e) => setRound(Number((e.target as HTMLInputElement).value))} />
        </label>{' '}
        <label>
          hill{' '}
          <select value={hill ?? ''} onChange={(e) => setHill((e.target as HTMLSelectElement).value)} data-testid="hill">
            <option value="nano">nano</option>
            <option value="tiny">tiny</option>
            <option value="94nop">94nop</option>
          </select>
        </label>
      </p>
      {settings === null && <p class="muted">This run's programs are not Redcode warriors: there is no battle to replay.</p>}
      {settings?.note && <p class="muted">{settings.note}</p>}
      {error && <p class="error">{error}</p>}
      {!replay && !error && settings !== null && <p>{warriors.length ? 'Replaying…' : 'No evaluated warrior in this run yet.'}</p>}
      {replay && (
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
                {side(i)} #{w.id} {w.name}: {counts[i]} cells, {procs[i]?.length ?? 0} processes
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
          {core && (picked ?? hovered) !== null ? (
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
      )}
    </section>
  );
}
