import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fmt, type Lineage, type Replay } from '../api.ts';
import { hashQuery } from '../route.ts';
import { useData } from '../useData.ts';

const OWNER_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];
const EMPTY = '#e5e7eb';

/** The owner of every cell after `step` steps: the initial map plus each step's writes. */
function ownersAt(r: Replay, step: number): Int8Array {
  const owner = Int8Array.from(r.initial);
  for (let i = 0; i < step; i++) {
    const w = r.steps[i].writes;
    for (let k = 0; k < w.length; k += 2) owner[w[k]] = w[k + 1];
  }
  return owner;
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
  const [hill, setHill] = useState('nano');
  useEffect(() => {
    if (!warriors.length || a !== null) return;
    const asked = Number(hashQuery().get('a'));
    setA(asked || (lineage?.bestProgramId ?? warriors[0].id));
    setB((warriors.find((w) => w.sample === 0) ?? warriors[warriors.length - 1]).id);
  }, [warriors]);
  const { data: replay, error } = useData<Replay>(a !== null && b !== null ? `/api/corewar/battle?programs=${a},${b}&round=${round}&hill=${hill}` : null);
  const [step, setStep] = useState(0);
  useEffect(() => setStep(0), [replay]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const owner = useMemo(() => (replay ? ownersAt(replay, step) : null), [replay, step]);
  const procs = replay ? (step === 0 ? replay.initialProcs : replay.steps[step - 1].procs) : [];
  const side = replay ? Math.ceil(Math.sqrt(replay.coreSize)) : 1;
  const cell = replay ? Math.max(3, Math.floor(640 / side)) : 1;
  useEffect(() => {
    const c = canvas.current;
    if (!c || !replay || !owner) return;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    for (let i = 0; i < replay.coreSize; i++) {
      g.fillStyle = owner[i] < 0 ? EMPTY : OWNER_COLOURS[owner[i] % OWNER_COLOURS.length];
      g.fillRect((i % side) * cell, Math.floor(i / side) * cell, cell - 1, cell - 1);
    }
    // Process pointers: a dark ring on each queued address, the next to run filled.
    procs.forEach((list, w) => {
      list.forEach((addr, k) => {
        g.strokeStyle = '#111827';
        g.lineWidth = k === 0 ? 3 : 1.5;
        g.strokeRect((addr % side) * cell + 1, Math.floor(addr / side) * cell + 1, cell - 3, cell - 3);
        if (k === 0) {
          g.fillStyle = '#fde047';
          g.fillRect((addr % side) * cell + cell / 3, Math.floor(addr / side) * cell + cell / 3, cell / 3, cell / 3);
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
          <select value={hill} onChange={(e) => setHill((e.target as HTMLSelectElement).value)}>
            <option value="nano">nano</option>
            <option value="tiny">tiny</option>
            <option value="94nop">94nop</option>
          </select>
        </label>
      </p>
      {error && <p class="error">{error}</p>}
      {!replay && !error && <p>{warriors.length ? 'Replaying…' : 'No evaluated warrior in this run yet.'}</p>}
      {replay && (
        <>
          <p>
            <input
              type="range"
              min={0}
              max={replay.steps.length}
              value={step}
              style="width:640px"
              aria-label="cycle"
              data-testid="cycle"
              onInput={(e) => setStep(Number((e.target as HTMLInputElement).value))}
            />{' '}
            <span data-testid="step">
              step {step} / {replay.steps.length}
            </span>
            {replay.truncated ? ' (truncated)' : ''}
          </p>
          <p data-testid="owned">
            {replay.warriors.map((w, i) => (
              <span key={w.id} class="chip" style={`border-color:${OWNER_COLOURS[i]}`}>
                {i === 0 ? 'A' : 'B'} #{w.id} {w.name}: {counts[i]} cells, {procs[i]?.length ?? 0} processes
              </span>
            ))}
          </p>
          <canvas class="core" ref={canvas} width={side * cell} height={side * cell} data-testid="core" />
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
