import { useState } from 'preact/hooks';
import { type AgentInfo, type Agents as AgentsData, fmt, type Program, usd } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { Diff } from '../components/Diff.tsx';
import { useLive } from '../live.ts';
import { go, hashQuery } from '../route.ts';
import { useData } from '../useData.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
const MUTED = new Set(['rejected', 'failed']);

/**
 * A `kaizen agent evolve` run: the archive of coding agents as a tree, their results per task (dev split with the
 * run's seed, held-out split over the gate's seeds), a picked agent's diff against its parent with the diagnosis
 * that led to it, cost and best dev score per generation, and the held-out gates. Refreshes as the run records.
 */
export function Agents({ runId }: { runId: string }) {
  const [tick, setTick] = useState(0);
  const { data, error } = useData<AgentsData>(`/api/runs/${runId}/agents`, tick);
  useLive(runId, (u) => {
    if (u.events.some((e) => e.type.startsWith('agent.') && e.type !== 'agent.model-call') || u.programs.length) setTick((n) => n + 1);
  });
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading the agents…</p>;
  if (data.agents.length === 0) return <p data-testid="no-agents">This run has no agents (it is not a `kaizen agent evolve` run).</p>;
  const picked = Number(hashQuery().get('agent') ?? Number.NaN);
  const selected = data.agents.find((a) => a.id === picked) ?? null;
  const select = (id: number) => go(`run/${runId}/agents?agent=${id}`);
  const best = data.generations.at(-1)?.bestDev ?? null;
  const cost = data.generations.reduce((s, g) => s + g.cost, 0);
  return (
    <section class="agents">
      <p data-testid="agents-summary">
        {data.agents.length} agents ({data.agents.filter((a) => a.status === 'rejected').length} refused self-edits) · seed agent #{data.seedAgent ?? '—'} ·
        default agent <b>#{data.defaultAgent ?? '—'}</b> · best dev score {pct(best)} ·{' '}
        {data.generations.length ? `${data.generations.length - 1} generations after the seed` : 'no generation yet'} · cost {usd(cost)}
      </p>
      <div class="agents-top">
        <div class="panel">
          <h3>
            Archive <span class="muted">parent → child · click an agent for its diff and diagnosis</span>
          </h3>
          <AgentTree agents={data.agents} selected={selected?.id ?? null} onSelect={select} />
        </div>
        <div class="panel agent-detail">
          {selected ? <AgentDetail key={selected.id} agent={selected} onSelect={select} /> : <p class="muted">Pick an agent in the archive or the table.</p>}
        </div>
      </div>
      <h3>Results per task</h3>
      <ScoreTable data={data} selected={selected?.id ?? null} onSelect={select} />
      <h3>Generations</h3>
      <Generations data={data} />
      <h3>Held-out gates ({data.gates.length})</h3>
      <Gates data={data} onSelect={select} />
    </section>
  );
}

function AgentTree({ agents, selected, onSelect }: { agents: AgentInfo[]; selected: number | null; onSelect: (id: number) => void }) {
  const ids = new Set(agents.map((a) => a.id));
  const children = new Map<number, AgentInfo[]>();
  const roots: AgentInfo[] = [];
  for (const a of agents) {
    if (a.parent === null || !ids.has(a.parent)) roots.push(a);
    else children.set(a.parent, [...(children.get(a.parent) ?? []), a]);
  }
  const node = (a: AgentInfo) => {
    const kids = children.get(a.id) ?? [];
    return (
      <li key={a.id} data-testid="agent-node" data-agent={a.id} data-status={a.status}>
        <span class={`agent-node${MUTED.has(a.status) ? ' muted-node' : ''}${selected === a.id ? ' selected' : ''}`}>
          <button type="button" class="link" onClick={() => onSelect(a.id)} data-testid="agent-link">
            #{a.id}
          </button>{' '}
          <span class="muted">gen {a.generation}</span> · <b data-testid="agent-score">{pct(a.score)}</b>
          {a.tasks !== null && (
            <span class="muted">
              {' '}
              ({a.solved}/{a.tasks})
            </span>
          )}
          {a.isDefault && (
            <span class="badge default" data-testid="default-badge">
              default
            </span>
          )}
          {a.operator === 'seed' && <span class="badge">seed</span>}
          {a.status !== 'evaluated' && <span class={`badge status-${a.status}`}>{a.status}</span>}
          {a.change && a.operator !== 'seed' && <span class="muted agent-change"> {a.change}</span>}
        </span>
        {kids.length > 0 && <ul>{kids.map(node)}</ul>}
      </li>
    );
  };
  return (
    <ul class="agent-tree" data-testid="agent-tree">
      {roots.map(node)}
    </ul>
  );
}

function AgentDetail({ agent, onSelect }: { agent: AgentInfo; onSelect: (id: number) => void }) {
  const { data: p, error } = useData<Program>(`/api/programs/${agent.id}`);
  return (
    <div data-testid="agent-detail" data-agent={agent.id}>
      <h3>
        Agent #{agent.id}{' '}
        <span class="muted">
          generation {agent.generation} · {agent.status} · dev {pct(agent.score)} · <a href={`#/program/${agent.id}`}>program page</a>
        </span>
      </h3>
      <table class="kv">
        <tbody>
          <tr>
            <th>parent</th>
            <td>
              {agent.parent === null ? (
                '— (the seed agent)'
              ) : (
                <button type="button" class="link" onClick={() => onSelect(agent.parent!)}>
                  #{agent.parent}
                </button>
              )}
            </td>
            <th>diagnosed task</th>
            <td>{agent.diagnosedTask ?? '—'}</td>
          </tr>
          <tr>
            <th>files changed</th>
            <td>{agent.files.length ? agent.files.join(', ') : '—'}</td>
            <th>cost</th>
            <td>
              self-edit {agent.editCost === null ? '—' : usd(agent.editCost)} · {agent.attempts} task runs {usd(agent.attemptCost)}
            </td>
          </tr>
          {agent.flags.length > 0 && (
            <tr>
              <th>flags</th>
              <td colSpan={3}>{agent.flags.join(', ')}</td>
            </tr>
          )}
        </tbody>
      </table>
      <h4>Note</h4>
      <p data-testid="agent-note">{agent.change ?? '—'}</p>
      {agent.reasons.length > 0 && (
        <>
          <h4 class="error">{agent.status === 'rejected' ? 'Refused by the guard' : 'Failed'}</h4>
          <ul data-testid="agent-reasons">
            {agent.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {error && <p class="error">{error}</p>}
      {!p && !error && <p>Loading…</p>}
      {p && (
        <>
          <h4>Diagnosis that led to it</h4>
          <pre class="text" data-testid="agent-diagnosis">
            {p.feedback ?? '— (the seed agent was not made from a diagnosis)'}
          </pre>
          <h4>Diff against its parent</h4>
          <Diff patch={p.diff} empty={agent.parent === null ? 'The seed agent: no parent.' : 'No diff recorded.'} testId="agent-diff" />
        </>
      )}
    </div>
  );
}

function ScoreTable({ data, selected, onSelect }: { data: AgentsData; selected: number | null; onSelect: (id: number) => void }) {
  const dev = data.tasks.filter((t) => t.split === 'dev');
  const heldout = data.tasks.filter((t) => t.split === 'heldout');
  const heldoutRate = (id: number) => {
    const cells = Object.values(data.results[id] ?? {}).filter((c) => c.split === 'heldout');
    const runs = cells.flatMap((c) => c.seeds);
    return runs.length ? runs.filter((s) => s.solved).length / runs.length : null;
  };
  return (
    <div class="scroll">
      <table class="grid scores" data-testid="score-table">
        <thead>
          <tr>
            <th rowSpan={2}>agent</th>
            <th rowSpan={2}>gen</th>
            {dev.length > 0 && <th colSpan={dev.length}>dev tasks (seed {data.seed})</th>}
            <th rowSpan={2}>dev</th>
            {heldout.length > 0 && <th colSpan={heldout.length}>held-out tasks (gate seeds: solved/runs)</th>}
            {heldout.length > 0 && <th rowSpan={2}>held-out</th>}
          </tr>
          <tr>
            {[...dev, ...heldout].map((t) => (
              <th key={t.id} class={`vert ${t.split}`} title={t.id} data-task={t.id}>
                {t.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.agents.map((a) => {
            const r = data.results[a.id] ?? {};
            const ho = heldoutRate(a.id);
            return (
              <tr
                key={a.id}
                data-testid="score-row"
                data-agent={a.id}
                class={`${MUTED.has(a.status) ? 'muted-node' : ''}${selected === a.id ? ' selected' : ''}`}
              >
                <td>
                  <button type="button" class="link" onClick={() => onSelect(a.id)}>
                    #{a.id}
                  </button>
                  {a.isDefault && <span class="badge default">default</span>}
                </td>
                <td class="num">{a.generation}</td>
                {dev.map((t) => {
                  const c = r[t.id];
                  return (
                    <td key={t.id} class={`dev cell ${c ? (c.solved ? 'solved' : 'unsolved') : ''}`} data-task={t.id}>
                      {c ? (c.solved ? '✓' : '✗') : ''}
                    </td>
                  );
                })}
                <td class="num">
                  {pct(a.score)}
                  {a.tasks !== null && <span class="muted"> {a.tasks < dev.length ? `(${a.tasks} tasks)` : ''}</span>}
                </td>
                {heldout.map((t) => {
                  const c = r[t.id];
                  const solved = c?.seeds.filter((s) => s.solved).length ?? 0;
                  return (
                    <td
                      key={t.id}
                      class={`heldout cell ${c ? (solved === c.seeds.length ? 'solved' : solved === 0 ? 'unsolved' : 'partly') : ''}`}
                      data-task={t.id}
                      title={c ? c.seeds.map((s) => `seed ${s.seed}: ${s.solved ? 'solved' : 'not solved'}`).join('\n') : 'not run'}
                    >
                      {c ? `${solved}/${c.seeds.length}` : ''}
                    </td>
                  );
                })}
                {heldout.length > 0 && <td class="num">{pct(ho)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">✓ solved · ✗ not solved · blank: not run (an agent stopped at an early stage, or refused)</p>
    </div>
  );
}

function Generations({ data }: { data: AgentsData }) {
  const g = data.generations;
  if (g.length === 0) return <p class="muted">No generation recorded yet.</p>;
  return (
    <>
      <table class="grid" data-testid="generations">
        <thead>
          <tr>
            <th>generation</th>
            <th>new agents</th>
            <th>archive</th>
            <th>best dev</th>
            <th>default</th>
            <th>cost</th>
          </tr>
        </thead>
        <tbody>
          {g.map((x) => (
            <tr key={x.generation}>
              <td class="num">{x.generation}</td>
              <td class="num">{x.evaluated}</td>
              <td class="num">{x.archive}</td>
              <td class="num">{pct(x.bestDev)}</td>
              <td>#{x.defaultAgent}</td>
              <td class="num">{usd(x.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {g.length > 2 && (
        <Chart
          title="Best dev score per generation (%)"
          xLabel="generation"
          series={[{ label: 'best dev (%)', step: true }]}
          data={[g.map((x) => x.generation), g.map((x) => x.bestDev * 100)]}
          height={200}
          testId="generations-chart"
        />
      )}
    </>
  );
}

function Gates({ data, onSelect }: { data: AgentsData; onSelect: (id: number) => void }) {
  if (data.gates.length === 0) return <p class="muted">No agent beat the default on dev yet, so none faced the held-out split.</p>;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  return (
    <table class="grid" data-testid="gates">
      <thead>
        <tr>
          <th>candidate</th>
          <th>default</th>
          <th>seeds</th>
          <th>candidate held-out</th>
          <th>default held-out</th>
          <th>difference ± SE</th>
          <th>verdict</th>
        </tr>
      </thead>
      <tbody>
        {data.gates.map((g) => (
          <tr key={g.eventId} data-testid="gate-row">
            <td>
              <button type="button" class="link" onClick={() => onSelect(g.candidate)}>
                #{g.candidate}
              </button>
            </td>
            <td>
              <button type="button" class="link" onClick={() => onSelect(g.incumbent)}>
                #{g.incumbent}
              </button>
            </td>
            <td>{g.seeds.join(', ')}</td>
            <td>
              {pct(mean(g.candidateScores))} <span class="muted">({g.candidateScores.map((s) => pct(s)).join(', ')})</span>
            </td>
            <td>
              {pct(mean(g.incumbentScores))} <span class="muted">({g.incumbentScores.map((s) => pct(s)).join(', ')})</span>
            </td>
            <td>
              {fmt(g.difference, 3)} ± {fmt(g.se, 3)}
            </td>
            <td class={g.verdict === 'promoted' ? 'ok' : 'muted'}>{g.verdict}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
