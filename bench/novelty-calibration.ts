// Novelty calibration: the similarity the default (local) embedder gives to realistic edits of the example programs,
// measured both ways novelty can look at an edit: the whole evolvable text (what the nearest-program search uses) and
// the changed region alone (what the threshold applies to, src/engine/novelty.ts). The table printed here is where
// the default `novelty.threshold` comes from; test/engine/novelty.test.ts holds the default to it.
//   node bench/novelty-calibration.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalEmbedder, localEmbedding, cosine } from '../src/models/embeddings.ts';
import { editedText, regionSimilarity } from '../src/engine/novelty.ts';
import { evolveRegions } from '../src/operators/evolve-blocks.ts';
import { Rng } from '../src/util/rng.ts';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The example programs with an EVOLVE block, by language; donors are real code of the same language to rewrite with. */
const programs: { path: string; language: 'js' | 'python' | 'redcode' }[] = [
  { path: 'examples/circle-packing/initial.js', language: 'js' },
  { path: 'examples/suites/basic/tasks/spread-12/initial.js', language: 'js' },
  { path: 'examples/discopop/dpo.js', language: 'js' },
  { path: 'examples/circle-packing-modules/solver/search.js', language: 'js' },
  ...readdirSync(join(root, 'examples/contests'))
    .filter((d) => d !== 'lib' && d !== 'courier-pareto')
    .map((d) => ({ path: `examples/contests/${d}/baseline.js`, language: 'js' as const })),
  { path: 'examples/point-spread-python/initial.py', language: 'python' },
  { path: 'examples/corewar-nano/seed.red', language: 'redcode' },
];
const donorFiles: Record<string, string[]> = {
  js: programs.filter((p) => p.language === 'js').map((p) => p.path),
  // The frozen helper of the Python example, and the Core War opponents: real code the block could be rewritten into.
  python: ['examples/point-spread-python/initial.py'],
  redcode: readdirSync(join(root, 'examples/corewar-nano/opponents')).map((f) => `examples/corewar-nano/opponents/${f}`),
};

const isCode = (line: string) => line.trim() && !/^\s*(\/\/|#\s|;|\/\*|\*)/.test(line) && !line.includes('EVOLVE-BLOCK');

/** Code lines of other programs of the language (never of `self`'s EVOLVE block). */
function donorLines(self: string, language: string): string[] {
  return donorFiles[language].flatMap((path) => {
    const code = read(path);
    const block = path === self ? evolveRegions(code)[0] : { start: 0, end: 0 };
    return (code.slice(0, block.start) + code.slice(block.end)).split('\n').filter(isCode);
  });
}

type Edit = { kind: string; lines: string[] };

/** Realistic edits of the block's lines (each a full replacement of the block). */
function edits(lines: string[], language: string, donors: string[], rng: Rng): Edit[] {
  const out: Edit[] = [];
  const code = lines.map((l, i) => [l, i] as const).filter(([l]) => isCode(l));
  // Near-duplicates: re-indented, comments reworded, a comment and a blank line added.
  const comment = { js: '//', python: '#', redcode: ';' }[language];
  const commentAt = new RegExp(`(^|\\s)${comment}.*$`);
  out.push({ kind: 'cosmetic', lines: lines.map((l) => `  ${l}`) });
  out.push({ kind: 'cosmetic', lines: lines.map((l) => l.replace(commentAt, `$1${comment} reworded note`)) });
  out.push({
    kind: 'cosmetic',
    lines: [...lines.slice(0, 1), '', `${/^\s*/.exec(lines[1] ?? '')?.[0]}${comment} tried: keep this as it is`, ...lines.slice(1)],
  });
  // One line: a constant changed, an operator flipped, a Redcode opcode swapped.
  for (const [line, i] of code) {
    const swap = (next: string) => next !== line && out.push({ kind: 'one line', lines: lines.with(i, next) });
    swap(line.replace(/\d+(\.\d+)?/, (n) => (n.includes('.') ? String(Math.round(Number(n) * 1.5 * 1e4) / 1e4) : String(Number(n) * 2 + 1))));
    swap(line.replace(/ (<|>|\+|-|\*) /, (_, op: string) => ` ${{ '<': '>', '>': '<', '+': '-', '-': '+', '*': '/' }[op]} `));
    swap(line.replace(/\b(MOV|SPL|DJN|ADD|SUB|JMP|SEQ|SNE)\b/, (op) => (op === 'MOV' ? 'ADD' : 'MOV')));
  }
  // One function (a third of the block rewritten) and the whole block rewritten, from donor code.
  const slice = (n: number) => {
    const at = rng.int(0, Math.max(0, donors.length - n));
    return donors.slice(at, at + n);
  };
  const third = Math.max(2, Math.round(lines.length / 3));
  for (let k = 0; k < 6; k++) {
    const at = rng.int(0, lines.length - third);
    out.push({ kind: 'one function', lines: [...lines.slice(0, at), ...slice(third), ...lines.slice(at + third)] });
    out.push({ kind: 'rewrite', lines: slice(lines.length) });
  }
  return out;
}

/** Every edit of every example program, measured: by kind of edit, the whole-text and the changed-region similarities. */
export async function measureEdits(): Promise<Map<string, { whole: number[]; region: number[] }>> {
  const embedder = createLocalEmbedder();
  const measured = new Map<string, { whole: number[]; region: number[] }>();
  const rng = new Rng(20);
  for (const p of programs) {
    const code = read(p.path);
    const block = evolveRegions(code)[0];
    const lines = code.slice(block.start, block.end).replace(/\n$/, '').split('\n');
    for (const e of edits(lines, p.language, donorLines(p.path, p.language), rng)) {
      const next = `${code.slice(0, block.start)}${e.lines.join('\n')}\n${code.slice(block.end)}`;
      const m = measured.get(e.kind) ?? { whole: [], region: [] };
      m.whole.push(cosine(localEmbedding(editedText(code)), localEmbedding(editedText(next))));
      m.region.push((await regionSimilarity(embedder, code, next)).similarity);
      measured.set(e.kind, m);
    }
  }
  return measured;
}

/** The q-quantile of xs (the value at rank floor(q·n) of the sorted list). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const row = (xs: number[]) => [0, 0.1, 0.5, 0.9, 1].map((q) => quantile(xs, q).toFixed(4).padStart(8)).join('');
const above = (xs: number[], t: number) => `${((100 * xs.filter((x) => x > t).length) / xs.length).toFixed(0).padStart(4)}%`;
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const thresholds = [0.9, 0.95, 0.99];
  console.log(`${programs.length} programs; local embedder ${createLocalEmbedder().id}`);
  console.log(
    `${'edit'.padEnd(13)}${'n'.padStart(4)}  measure      min     p10  median     p90     max   ${thresholds.map((t) => `>${t}`.padStart(6)).join('')}`,
  );
  for (const [kind, m] of await measureEdits())
    for (const [name, xs] of [
      ['whole', m.whole],
      ['region', m.region],
    ] as const)
      console.log(
        `${kind.padEnd(13)}${String(xs.length).padStart(4)}  ${name.padEnd(7)}${row(xs)}   ${thresholds.map((t) => above(xs, t).padStart(6)).join('')}`,
      );
}
