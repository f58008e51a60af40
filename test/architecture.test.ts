import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectImports, describeCycle, findCycles, folderGraph, nodeOf } from './support/import-graph.ts';

/** The design's layering rules for src/: no import cycle between its folders; sandbox/ and corewar/ stand alone. */

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const edges = collectImports(SRC);

describe('the cycle finder', () => {
  it('finds a cycle in a small graph, and none in a layered one', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('names one example import per edge of a cycle found in imports', () => {
    const graph = folderGraph([
      { from: 'store/store.ts', to: 'safeguards/keys.ts', specifier: '../safeguards/keys.ts' },
      { from: 'safeguards/ledger.ts', to: 'store/chain.ts', specifier: '../store/chain.ts' },
      { from: 'errors.ts', to: 'util/hash.ts', specifier: './util/hash.ts' },
    ]);
    const cycles = findCycles(new Map([...graph].map(([k, v]) => [k, [...v.keys()]])));
    expect(cycles).toEqual([['safeguards', 'store']]);
    expect(describeCycle(cycles[0]!, graph)).toBe(
      "safeguards → store (src/safeguards/ledger.ts imports '../store/chain.ts')\nstore → safeguards (src/store/store.ts imports '../safeguards/keys.ts')",
    );
  });
});

describe('src/ imports', () => {
  it('are read from the whole tree, type-only and dynamic imports included', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === 'cli/main.ts')).toBe(true);
  });

  it('form no cycle between folders', () => {
    const graph = folderGraph(edges);
    const cycles = findCycles(new Map([...graph].map(([k, v]) => [k, [...v.keys()]])));
    expect(cycles.map((c) => describeCycle(c, graph)).join('\n\n')).toBe('');
  });

  it.each(['sandbox', 'corewar'])('leave nothing of ours for %s/ but itself', (folder) => {
    const outside = edges.filter((e) => nodeOf(e.from) === folder && nodeOf(e.to) !== folder);
    expect(outside.map((e) => `src/${e.from} imports '${e.specifier}'`)).toEqual([]);
  });
});

describe('the ledger', () => {
  it('imports nothing of ours but util/ (the store depends on it, never the reverse)', () => {
    const outside = edges.filter((e) => nodeOf(e.from) === 'ledger' && !['ledger', 'util'].includes(nodeOf(e.to)));
    expect(outside.map((e) => `src/${e.from} imports '${e.specifier}'`)).toEqual([]);
  });
});
