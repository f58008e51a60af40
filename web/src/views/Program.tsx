import hljs from 'highlight.js/lib/core';
import javascript from 'highlight.js/lib/languages/javascript';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import x86asm from 'highlight.js/lib/languages/x86asm';
import '../code-theme.css';
import { useMemo } from 'preact/hooks';
import { fmt, type Program as ProgramData, usd } from '../api.ts';
import { CaseTable, summaryText } from '../components/Cases.tsx';
import { Diff } from '../components/Diff.tsx';
import { DownloadLink } from '../components/Download.tsx';
import { flatten, show } from '../components/Fields.tsx';
import { ProgramKeys } from '../components/ProgramKeys.tsx';
import { useData } from '../useData.ts';

hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('python', python);
hljs.registerLanguage('x86asm', x86asm); // the nearest to Redcode that highlight.js ships

const LANG: Record<string, string> = { javascript: 'javascript', typescript: 'typescript', python: 'python', redcode: 'x86asm' };

/**
 * Metrics as `name value` rows (nested names dotted), numbers to 6 significant digits: the exact value, where it
 * differs, is the cell's title (and in the program JSON download).
 */
function MetricTable({ value, testId }: { value: unknown; testId: string }) {
  const rows = flatten(value);
  if (rows.length === 0) return <span class="muted">—</span>;
  return (
    <table class="kv" data-testid={testId}>
      <tbody>
        {rows.map(([name, v]) => (
          <tr key={name}>
            <th>{name}</th>
            <td title={typeof v === 'number' && show(v) !== String(v) ? String(v) : undefined}>{show(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An agent's folder (kaizen agent): its code is a JSON object, path → file text. */
function AgentFiles({ code }: { code: string }) {
  let files: Record<string, string>;
  try {
    files = JSON.parse(code) as Record<string, string>;
  } catch {
    return (
      <pre class="text" data-testid="code">
        {code}
      </pre>
    );
  }
  return (
    <div data-testid="code">
      {Object.entries(files).map(([path, text]) => (
        <details key={path}>
          <summary>
            <code>{path}</code> <span class="muted">({text.split('\n').length} lines)</span>
          </summary>
          <pre class="code">{text}</pre>
        </details>
      ))}
    </div>
  );
}

/**
 * One program: its code, the diff against its parent, metrics (public and private marked), its case results on a
 * multi-case task (public and hidden apart), feedback, prompt, reply.
 */
export function Program({ id }: { id: string }) {
  const { data: p, error } = useData<ProgramData>(`/api/programs/${id}`);
  const code = useMemo(() => {
    if (!p || p.language === 'agent') return '';
    const lang = LANG[p.language];
    return lang ? hljs.highlight(p.code, { language: lang }).value : hljs.highlightAuto(p.code).value;
  }, [p]);
  if (error) return <p class="error">{error}</p>;
  if (!p) return <p>Loading…</p>;
  return (
    <section>
      <h2 data-testid="program-title">
        Program #{p.id}{' '}
        <span class="muted">
          (sample {p.sample ?? 'migrant'}, run <a href={`#/run/${p.runId}/lineage`}>{p.runId}</a>)
        </span>
      </h2>
      <ProgramKeys id={id} />
      <p class="downloads">
        <DownloadLink href={`/api/programs/${p.id}/download?as=code`} testId="download-code">
          code
        </DownloadLink>{' '}
        <DownloadLink href={`/api/programs/${p.id}/download?as=json`} testId="download-json">
          program JSON
        </DownloadLink>
      </p>
      {p.language === 'redcode' && (
        <p>
          <a href={`#/run/${p.runId}/battle?a=${p.id}`} data-testid="battle-link">
            Replay a battle with this warrior
          </a>
        </p>
      )}
      <table class="kv">
        <tbody>
          <tr>
            <th>status</th>
            <td>
              {p.status}
              {p.correct === 0 ? ' (incorrect)' : ''}
              {p.failureClass ? ` · ${p.failureClass}` : ''}
            </td>
            <th>score</th>
            <td>
              <b>{fmt(p.score, 6)}</b> (parent {fmt(p.parentScore, 6)})
            </td>
          </tr>
          <tr>
            <th>parent</th>
            <td>{p.parentId === null ? '—' : <a href={`#/program/${p.parentId}`}>#{p.parentId}</a>}</td>
            <th>operator · model</th>
            <td>
              {p.operator} · {p.model ?? '—'}
              {p.promptVariant !== null && (
                <>
                  {' · '}
                  <a href={`#/run/${encodeURIComponent(p.runId)}/prompts?variant=${p.promptVariant}`} data-testid="prompt-variant-link">
                    written with prompt variant {p.promptVariant}
                  </a>
                </>
              )}
            </td>
          </tr>
          <tr>
            <th>island · generation</th>
            <td>
              {p.island} · {p.generation}
            </td>
            <th>cost</th>
            <td>{p.cost === null ? '—' : usd(p.cost)}</td>
          </tr>
          <tr>
            <th>timings</th>
            <td colSpan={3}>
              propose {fmt(p.timings.proposeMs, 1)} ms · evaluate {fmt(p.timings.evalMs, 1)} ms · judge {fmt(p.timings.judgeMs, 1)} ms
            </td>
          </tr>
          {p.change && (
            <tr>
              <th>change</th>
              <td colSpan={3}>{p.change}</td>
            </tr>
          )}
        </tbody>
      </table>
      <h3>Diff against the parent</h3>
      <Diff patch={p.diff} empty={p.parentId === null ? 'No parent: this is the initial program.' : 'No diff recorded.'} />
      <h3>Metrics</h3>
      <div class="metrics">
        <div>
          <h4>public</h4>
          <MetricTable value={p.metrics.public} testId="metrics-public" />
        </div>
        <div class="private">
          <h4>private (never shown to the models)</h4>
          <MetricTable value={p.metrics.private} testId="metrics-private" />
        </div>
        <div>
          <h4>features</h4>
          <MetricTable value={p.metrics.features} testId="metrics-features" />
        </div>
      </div>
      {p.cases && (
        <>
          <h3>
            Cases{' '}
            <span class="muted" data-testid="cases-summary">
              {p.cases.stage === null ? '' : `stage ${p.cases.stage} reached · `}
              {summaryText(p.cases.summary)}
            </span>
          </h3>
          <CaseTable results={p.cases.results} hidden={false} testId="case-table" />
          {p.cases.hidden && p.cases.hiddenSummary && (
            <>
              <h4 class="note">
                Hidden cases (never shown to the models) <span class="muted">{summaryText(p.cases.hiddenSummary)}</span>
              </h4>
              <CaseTable results={p.cases.hidden} hidden={true} testId="hidden-case-table" />
            </>
          )}
        </>
      )}
      <h3>Feedback</h3>
      <pre class="text">{p.feedback ?? '—'}</pre>
      {p.error && (
        <>
          <h3>Error</h3>
          <pre class="text">{p.error}</pre>
        </>
      )}
      <h3>Code</h3>
      {p.language === 'agent' ? (
        <AgentFiles code={p.code} />
      ) : (
        <pre class="code hljs" data-testid="code">
          <code dangerouslySetInnerHTML={{ __html: code }} />
        </pre>
      )}
      {p.prompt && (
        <details>
          <summary>Prompt</summary>
          <pre class="text">{p.prompt}</pre>
        </details>
      )}
      {p.reply && (
        <details>
          <summary>Reply</summary>
          <pre class="text">{p.reply}</pre>
        </details>
      )}
    </section>
  );
}
