import { useState } from 'preact/hooks';
import { clock, type Ledger, paths, type Safeguards as SafeguardsData } from '../api.ts';
import { type FieldValue, flatten, show } from '../components/Fields.tsx';
import { useData } from '../useData.ts';

type EventRow = SafeguardsData['events'][string][number];

/** Headings for the fields whose names alone do not say what they measure. */
const HEADINGS: Record<string, string> = {
  featureDistance: 'feature distance from the seed',
  embeddingDistance: 'embedding distance from the seed',
  holdoutGap: 'largest search − holdout gap',
  meanDiff: 'mean difference',
  se: 'standard error',
};

/** A field's name as a column heading, in words: `failureRate` → `failure rate` (the ledger's name is its title). */
const heading = (field: string) => HEADINGS[field] ?? field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** Events of one type as a table: a column per field of their data (nested fields dotted), in first-seen order. */
function EventTable({ list }: { list: EventRow[] }) {
  const shown = list.slice(-200);
  const rows = shown.map((e) => new Map<string, FieldValue>(flatten(e.data)));
  const columns = [...new Set(rows.flatMap((r) => [...r.keys()]))];
  return (
    <table class="grid" data-testid="event-table">
      <thead>
        <tr>
          <th>event</th>
          <th>at</th>
          <th>program</th>
          {columns.map((c) => (
            <th key={c} title={c}>
              {heading(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((e, i) => (
          <tr key={e.id}>
            <td>#{e.seq ?? e.id}</td>
            <td>{clock(e.at)}</td>
            <td>{e.programId === null ? '—' : <a href={`#/program/${e.programId}`}>#{e.programId}</a>}</td>
            {columns.map((c) => (
              <td key={c}>{rows[i].has(c) ? show(rows[i].get(c)!) : ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const TITLES: Record<string, string> = {
  violation: 'Policy violations',
  overfit: 'Overfit (won on search, lost on holdout)',
  'holdout.checked': 'Holdout checks',
  'hidden.checked': 'Hidden-case checks (promotion gate)',
  'drift.warning': 'Drift warnings',
  'drift.measured': 'Drift measurements',
};

/** Problems and warnings listed before "show all": a record imported or edited outside the ledger can have thousands. */
const LEDGER_LINES = 20;

/** Whether the run's ledger verifies: its own request, drawn when it answers (it reads the whole record). */
function LedgerLine({ runId }: { runId: string }) {
  const { data: l, error } = useData<Ledger>(paths.ledger(runId));
  const [all, setAll] = useState(false);
  if (error) return <p class="error">{error}</p>;
  if (!l) return <p data-testid="ledger">verifying the ledger…</p>;
  const lines = [...l.problems, ...l.warnings];
  return (
    <>
      <p data-testid="ledger" class={l.ok ? 'ok' : 'error'}>
        {l.ok ? '✔ verifies' : '✘ does not verify'}: {l.events} events, signed head #{l.signedSeq ?? '—'}, {l.unsigned} unsigned · head{' '}
        {l.headHash?.slice(0, 16) ?? '—'} · key {l.publicKeyFingerprint ?? '—'} (chain, records and signature checked at {clock(l.verifiedAt)}; no re-execution)
      </p>
      {lines.slice(0, all ? lines.length : LEDGER_LINES).map((p) => (
        <p key={p} class="muted" data-testid="ledger-line">
          {p}
        </p>
      ))}
      {!all && lines.length > LEDGER_LINES && (
        <button type="button" data-testid="ledger-all" onClick={() => setAll(true)}>
          show all {lines.length} problems and warnings
        </button>
      )}
    </>
  );
}

/** Violations, overfit events, drift and holdout checks, and whether the run's ledger verifies. */
export function Safeguards({ runId }: { runId: string }) {
  const { data, error } = useData<SafeguardsData>(paths.safeguards(runId));
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <section data-testid="safeguards">
      <h3>Ledger</h3>
      <LedgerLine runId={runId} />
      {Object.entries(data.events).map(([type, list]) => (
        <div key={type}>
          <h3>
            {TITLES[type] ?? type} ({list.length})
          </h3>
          {list.length > 0 && <EventTable list={list} />}
        </div>
      ))}
    </section>
  );
}
