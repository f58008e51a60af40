import type { Claim } from '../../../src/journal/claim.ts';
import type { RunJournal } from '../../../src/store/run-views.ts';
import { plural, usd, when } from '../api.ts';
import { useData } from '../useData.ts';

/**
 * A claim's figures: a rate for failure claims, a relative effect (± standard error) for the others. With nothing
 * measured yet (no try; or no comparison, which needs a correct parent with a non-zero score), it says so instead of a
 * percentage of nothing.
 */
function figures(c: Claim): string {
  if (c.kind === 'failure') return c.n === 0 ? 'no tries yet' : `rate ${(c.effect * 100).toFixed(1)}% of ${plural(c.n, 'try', 'tries')}`;
  if (c.n === 0) return 'no comparison yet';
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
  return `${pct(c.effect)}${c.se === null ? '' : ` ± ${(c.se * 100).toFixed(2)}%`} over ${plural(c.n, 'comparison', 'comparisons')}`;
}

/**
 * The run's experiment journal (its claims at the last update, supported first) and every lessons step, newest first:
 * what the later prompts carried, who wrote it (the journal alone, or a model) and after how many evaluations.
 */
export function Journal({ runId }: { runId: string }) {
  const { data, error } = useData<RunJournal>(`/api/runs/${encodeURIComponent(runId)}/journal`);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading the journal…</p>;
  const order = { supported: 0, untested: 1, refuted: 2 } as const;
  const claims = [...data.claims].sort((a, b) => order[a.status] - order[b.status] || b.n - a.n);
  return (
    <section>
      <h3>
        Lessons <span class="muted">({data.lessons.length} steps)</span>
      </h3>
      {data.lessons.length === 0 && <p class="muted">No lessons recorded (the run's `lessons.every` is 0, or no step has run yet).</p>}
      {[...data.lessons].reverse().map((l, i) => (
        <div class="panel" key={l.eventId} data-testid="lessons-step" data-event={l.eventId}>
          <p class="muted">
            {i === 0 ? 'latest · ' : ''}after {l.at} evaluations · {l.source}
            {l.cost > 0 ? ` · ${usd(l.cost)}` : ''} · <span data-testid="lessons-time">{when(l.time)}</span>
          </p>
          {l.text ? (
            <pre class="text">{l.text}</pre>
          ) : (
            <p class="muted" data-testid="lessons-empty">
              No lessons yet: no claim of the journal was supported, so the prompts after this step carried none.
            </p>
          )}
        </div>
      ))}
      <h3>
        Journal <span class="muted">{data.at === null ? '(none kept)' : `(${claims.length} claims, updated after ${data.at} evaluations)`}</span>
      </h3>
      {claims.length > 0 && (
        <table class="grid" data-testid="claims">
          <thead>
            <tr>
              <th>status</th>
              <th>claim</th>
              <th>figures</th>
              <th>evidence</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.id} data-claim={c.id}>
                <td class={`claim-${c.status}`}>{c.status}</td>
                <td>
                  {c.text} <span class="muted">({c.id})</span>
                </td>
                <td class="num">{figures(c)}</td>
                <td>
                  {c.evidence.length === 0 && <span class="muted">none</span>}
                  {c.evidence.slice(0, 8).map((id) => (
                    <a key={id} href={`#/program/${id}`} class="chip">
                      #{id}
                    </a>
                  ))}
                  {c.evidence.length > 8 ? ` +${c.evidence.length - 8}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.claims.length === 0 && data.at !== null && <p class="muted">No claim yet.</p>}
    </section>
  );
}
