import { createTwoFilesPatch } from 'diff';
import { isBundle, parseBundle } from './bundle.ts';

/**
 * A unified diff of a child against its parent. A program of several files gets one section per changed file
 * (`a/PATH` → `b/PATH`, as git writes them), so diff views show files, not one long text with header lines.
 */
export function programPatch(parent: string, child: string, labels: { from: string; to: string }, context: number): string {
  if (!isBundle(parent) || !isBundle(child)) return createTwoFilesPatch(labels.from, labels.to, parent, child, '', '', { context });
  const before = new Map(parseBundle(parent).map((f) => [f.path, f.content]));
  const after = new Map(parseBundle(child).map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  return paths
    .filter((p) => before.get(p) !== after.get(p))
    .map((p) => {
      const a = before.get(p);
      const b = after.get(p);
      return createTwoFilesPatch(a === undefined ? '/dev/null' : `a/${p}`, b === undefined ? '/dev/null' : `b/${p}`, a ?? '', b ?? '', '', '', { context });
    })
    .join('');
}
