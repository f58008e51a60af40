import { html as diffHtml } from 'diff2html';
import 'diff2html/bundles/css/diff2html.min.css';
import { useMemo } from 'preact/hooks';

/** A unified diff rendered line by line (diff2html), or `empty` when there is none. */
export function Diff({ patch, empty, testId = 'diff' }: { patch: string | null; empty: string; testId?: string }) {
  const html = useMemo(() => (patch ? diffHtml(patch, { drawFileList: false, outputFormat: 'line-by-line', matching: 'lines' }) : ''), [patch]);
  return html ? (
    <div class="diff" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    <p class="muted" data-testid={testId}>
      {empty}
    </p>
  );
}
