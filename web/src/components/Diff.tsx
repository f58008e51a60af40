import { html as diffHtml } from 'diff2html';
import 'diff2html/bundles/css/diff2html.min.css';
import { ColorSchemeType } from 'diff2html/lib-esm/types';
import { useMemo } from 'preact/hooks';

/**
 * A unified diff rendered line by line (diff2html), or `empty` when there is none. Its colours follow the system's
 * scheme as the page's do: diff2html's light colours under the dark page's light text were unreadable.
 */
export function Diff({ patch, empty, testId = 'diff' }: { patch: string | null; empty: string; testId?: string }) {
  const html = useMemo(
    () => (patch ? diffHtml(patch, { drawFileList: false, outputFormat: 'line-by-line', matching: 'lines', colorScheme: ColorSchemeType.AUTO }) : ''),
    [patch],
  );
  return html ? (
    <div class="diff" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    <p class="muted" data-testid={testId}>
      {empty}
    </p>
  );
}
