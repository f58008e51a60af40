import { useLayoutEffect } from 'preact/hooks';
import type { ProgramNeighbours } from '../../../src/store/program-table.ts';
import { go } from '../route.ts';
import { useData } from '../useData.ts';

/** Keys are the page's only while the reader is not typing (a search box, a select, an editable element). */
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement);

/** Where a key goes from a program, or null (not ours, or nowhere to go). */
export function keyTarget(key: string, n: ProgramNeighbours): number | null {
  if (key === 'j' || key === 'ArrowRight') return n.next;
  if (key === 'k' || key === 'ArrowLeft') return n.previous;
  if (key === 'p' || key === 'u') return n.parent;
  if (key === 'c') return n.children[0] ?? null;
  if (/^[1-9]$/.test(key)) return n.children[Number(key) - 1] ?? null;
  return null;
}

/**
 * Keyboard navigation on a program's page: j / → next and k / ← previous in sample order, p or u its parent, c its
 * first child and 1–9 its n-th child; shown in a hint line under the title (its `data-program` says the keys are live
 * for that program).
 */
export function ProgramKeys({ id }: { id: string }) {
  const { data: n } = useData<ProgramNeighbours>(`/api/programs/${id}/neighbours`);
  // A layout effect: the keys listen from the moment the hint shows, not a frame later.
  useLayoutEffect(() => {
    if (!n) return;
    const on = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const to = keyTarget(e.key, n);
      if (to === null) return;
      e.preventDefault();
      go(`program/${to}`);
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, [n]);
  if (!n) return null;
  const link = (to: number | null, label: string) => (to === null ? <span class="muted">{label}</span> : <a href={`#/program/${to}`}>{label}</a>);
  return (
    <p class="keys muted" data-testid="keys-hint" data-program={n.id}>
      <kbd>k</kbd>/<kbd>←</kbd> {link(n.previous, 'previous')} · <kbd>j</kbd>/<kbd>→</kbd> {link(n.next, 'next')} · <kbd>p</kbd> {link(n.parent, 'parent')} ·{' '}
      <kbd>c</kbd> or <kbd>1</kbd>–<kbd>9</kbd>{' '}
      {n.children.length === 0
        ? 'no children'
        : n.children.slice(0, 9).map((c, i) => (
            <a key={c} href={`#/program/${c}`} class="chip">
              {i + 1}: #{c}
            </a>
          ))}
      {n.children.length > 9 ? ` +${n.children.length - 9}` : ''}
    </p>
  );
}
