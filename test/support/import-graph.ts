import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The import graph between the top-level folders of `src/`, read with the TypeScript compiler's pre-processor (so
 * type-only imports, `export … from` and dynamic `import('literal')` all count). A file directly in `src/` (errors.ts,
 * index.ts) is a node of its own.
 */

/** One import of one file: `from` and `to` are paths relative to the source root, with `/` separators. */
export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
}

const SOURCE = /\.(ts|tsx|js|mjs)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const posix = (p: string) => p.split(sep).join('/');

/** Every relative import of every source file under `root` that stays inside `root` or leaves it (packages are skipped). */
export function collectImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const imported of info.importedFiles) {
      const specifier = imported.fileName;
      if (!specifier.startsWith('.')) continue; // a package or a node: builtin
      edges.push({ from: posix(relative(root, file)), to: posix(relative(root, resolve(dirname(file), specifier))), specifier });
    }
  }
  return edges;
}

/** The node a source path belongs to: its top-level folder, or the file itself when it sits directly in the root. */
export function nodeOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

/** Folder → folder → the first import seen along that edge (an example to show in a failure). */
export type FolderGraph = Map<string, Map<string, ImportEdge>>;

export function folderGraph(edges: ImportEdge[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const edge of edges) {
    const from = nodeOf(edge.from);
    const to = nodeOf(edge.to);
    if (!graph.has(from)) graph.set(from, new Map());
    if (!graph.has(to)) graph.set(to, new Map());
    if (from === to) continue;
    const out = graph.get(from)!;
    if (!out.has(to)) out.set(to, edge);
  }
  return graph;
}

/**
 * One cycle per strongly connected component of more than one node (Tarjan's algorithm, then the shortest way from a
 * component's first node back to itself). Each cycle lists its nodes in order; the first node is not repeated.
 */
export function findCycles(graph: Map<string, Iterable<string>>): string[][] {
  const successors = (n: string) => [...(graph.get(n) ?? [])];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (n: string): void => {
    index.set(n, counter);
    low.set(n, counter);
    counter++;
    stack.push(n);
    onStack.add(n);
    for (const m of successors(n)) {
      if (!index.has(m)) {
        visit(m);
        low.set(n, Math.min(low.get(n)!, low.get(m)!));
      } else if (onStack.has(m)) {
        low.set(n, Math.min(low.get(n)!, index.get(m)!));
      }
    }
    if (low.get(n) === index.get(n)) {
      const component: string[] = [];
      for (let m = stack.pop()!; ; m = stack.pop()!) {
        onStack.delete(m);
        component.push(m);
        if (m === n) break;
      }
      components.push(component);
    }
  };
  const nodes = [...graph.keys()].sort();
  for (const n of nodes) if (!index.has(n)) visit(n);

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const selfLoop = successors(start).includes(start);
    if (component.length === 1 && !selfLoop) continue;
    if (selfLoop) {
      cycles.push([start]);
      continue;
    }
    // Breadth-first from the start's successors back to the start, inside the component.
    const previous = new Map<string, string>();
    const queue = successors(start).filter((m) => members.has(m));
    for (const m of queue) previous.set(m, start);
    while (queue.length && !previous.has(start)) {
      const n = queue.shift()!;
      for (const m of successors(n)) {
        if (!members.has(m) || previous.has(m)) continue;
        previous.set(m, n);
        queue.push(m);
      }
    }
    if (!previous.has(start)) continue; // cannot happen in a strongly connected component; guards the walk below
    const path = [start];
    for (let n = previous.get(start)!; n !== start; n = previous.get(n)!) path.splice(1, 0, n);
    cycles.push(path);
  }
  return cycles;
}

/** A cycle as one line per edge, each with an example import: `store → safeguards (src/store/store.ts imports '../ledger/keys.ts')`. */
export function describeCycle(cycle: string[], graph: FolderGraph, prefix = 'src/'): string {
  return cycle
    .map((from, i) => {
      const to = cycle[(i + 1) % cycle.length]!;
      const edge = graph.get(from)?.get(to);
      return `${from} → ${to}${edge ? ` (${prefix}${edge.from} imports '${edge.specifier}')` : ''}`;
    })
    .join('\n');
}
