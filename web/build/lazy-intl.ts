// A build-time edit of uPlot (node_modules/uplot/dist/uPlot.esm.js): its module makes an Intl.NumberFormat and an
// Intl.DateTimeFormat as it loads. A fresh page's first Intl object loads the locale's data, which cost ~75 ms of the
// overview's first render on the benchmark's machine (bench/ui.ts). The edit makes both on first use instead; the
// dashboard's charts format their numbers themselves (components/Chart.tsx), so they are never made.
import type { Plugin } from 'vite';

/** [what uPlot's source says, what it becomes]; each must be found exactly once, or the build fails. */
const EDITS: [string, string][] = [
  [
    "const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');\nconst fmtNum = val => numFormatter.format(val);",
    "let numFormatter = null;\nconst fmtNum = val => (numFormatter ??= new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(val);",
  ],
  [
    'const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;',
    'let localTzName = null;\nconst localTz = () => (localTzName ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);',
  ],
  ['else if (tz == localTz)', 'else if (tz == localTz())'],
];

/** Applies EDITS to uPlot's ES module; throws naming the text that is missing (a uPlot upgrade must revisit this). */
export function lazyIntl(source: string): string {
  let out = source;
  for (const [from, to] of EDITS) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`lazy-intl: expected uPlot's source to contain once (found ${count}): ${from.split('\n')[0]}`);
    out = out.replace(from, to);
  }
  return out;
}

export function lazyIntlPlugin(): Plugin {
  return {
    name: 'kaizen-lazy-intl',
    enforce: 'pre',
    transform(code, id) {
      return /[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/.test(id) ? { code: lazyIntl(code), map: null } : null;
    },
  };
}
