// Dashboard benchmark: each view of `kaizen ui` on a 5,000-program run, in real Chromium (a fresh context, so a cold
// cache, for every load), beside a trivial static page served by the same server and measured in the same run.
// Times are taken in the page: from navigation start to the frame after the view's marker appears (see READY), and for
// a lineage zoom or pan step from the input event to the end of the last long task it caused (or its first frame).
// Each cold load is measured twice, interleaved: in a Chromium driven over the bare DevTools protocol (cdp.ts: what a
// user's browser does, the figure the targets are judged on) and through Playwright, whose instrumentation of the page
// adds its own work (the column beside; the figures of earlier rounds in bench/ui-figures.md are Playwright's).
// Playwright drives the interactive steps.
// Run: node bench/ui.ts   (or: npm run bench -- ui)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { EventPayloads } from '../src/ledger/events.ts';
import { startUiServer } from '../src/server/serve.ts';
import { Store } from '../src/store/store.ts';
import { BareChromium } from './cdp.ts';
import { median, ROOT } from './processes.ts';

const CHROMIUM = process.env.KAIZEN_CHROMIUM ?? '/usr/bin/chromium';
const PROGRAMS = 5000;
const RUN_ID = 'bench-ui-5000';
/** Bump when the generator changes: the cached store is rebuilt. */
const GENERATOR = 'v3';
// Eleven: with three, a view's median moved by 100–200 ms between runs on the 2-core machine, and with five the
// overview's still ranged over 267–378 ms in six runs of one build (bench/ui-figures.md).
const LOADS = 11;
const STEPS = 6;
const TARGETS: Record<string, number> = {
  'run list': 300,
  overview: 300,
  'overview, run changed': 300,
  lineage: 1000,
  'lineage zoom step': 100,
  'lineage pan step': 100,
  'programs table filter': 100,
  'programs table sort': 100,
};

/** A deterministic pseudo-random stream (the run must be the same every time it is rebuilt). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

interface Member {
  id: number;
  score: number | null;
  depth: number;
}

/**
 * A parent as an island's selection picks one: mostly the best of three among its 12 latest programs (the chains grow
 * hundreds deep), sometimes any program of the island (bushy branches).
 */
function pickParent(island: Member[], rand: () => number): Member {
  const any = () => island[Math.floor(rand() * island.length)];
  if (rand() >= 0.8) return any();
  const recent = island.slice(-12);
  const entrant = () => recent[Math.floor(rand() * recent.length)];
  return [entrant(), entrant(), entrant()].reduce((a, b) => ((b.score ?? -1) > (a.score ?? -1) ? b : a));
}

/**
 * A program the size of those the embedded circle-packing example evolves (~2.7 kB; `npx kaizen run
 * examples/circle-packing` stores 2,754 characters of code per program on average), different for every sample.
 */
function programText(sample: number): string {
  const lines = [
    '// Circle packing: 26 circles in the unit square, no overlap; the score is the sum of their radii.',
    'export function run() {',
    '  // EVOLVE-BLOCK-START',
    '  const n = 26;',
    '  const centers = [];',
  ];
  for (let i = 0; i < 26; i++) {
    const x = (i % 5) * 0.2 + 0.1 + (((sample * 7 + i) % 13) - 6) * 0.0007;
    const y = Math.floor(i / 5) * 0.2 + 0.1 + (((sample * 3 + i) % 11) - 5) * 0.0007;
    lines.push(`  centers.push([${x.toFixed(5)}, ${y.toFixed(5)}]); // circle ${i}`);
  }
  lines.push(
    '  // A circle may grow until it meets a wall or another circle; each pass shrinks the pairs that overlap.',
    '  const wall = ([x, y]) => Math.min(x, y, 1 - x, 1 - y);',
    '  const gap = (i, j) => Math.hypot(centers[i][0] - centers[j][0], centers[i][1] - centers[j][1]);',
    '  const overlapping = (radii, i, j) => radii[i] + radii[j] > gap(i, j) + 1e-12;',
    '  const radii = new Array(n).fill(0);',
    '  for (let i = 0; i < n; i++) {',
    '    const [x, y] = centers[i];',
    '    radii[i] = Math.min(x, y, 1 - x, 1 - y);',
    '  }',
    `  for (let pass = 0; pass < ${20 + (sample % 30)}; pass++) {`,
    '    for (let i = 0; i < n; i++) {',
    '      for (let j = i + 1; j < n; j++) {',
    '        const dx = centers[i][0] - centers[j][0];',
    '        const dy = centers[i][1] - centers[j][1];',
    '        const d = Math.sqrt(dx * dx + dy * dy);',
    '        if (radii[i] + radii[j] > d) {',
    `          const scale = d / (radii[i] + radii[j]) * ${(0.999 - (sample % 7) * 0.0001).toFixed(4)};`,
    '          radii[i] *= scale;',
    '          radii[j] *= scale;',
    '        }',
    '      }',
    '    }',
    '  }',
    '  for (let i = 0; i < n; i++) radii[i] = Math.min(radii[i], wall(centers[i]));',
    '  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (overlapping(radii, i, j)) radii[j] = Math.max(0, gap(i, j) - radii[i]);',
    '  // EVOLVE-BLOCK-END',
    '  return { centers, radii, sum: radii.reduce((a, b) => a + b, 0) };',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

/** What an LLM operator's prompt holds besides the parent's code: the task, the rules, lessons from the run (~3 kB). */
const PROMPT_TEXT = [
  'You are improving a program that packs 26 circles into the unit square. Its score is the sum of the radii.',
  'Rules: keep the function signature; no imports; the program must finish within 2 seconds.',
  'Lessons from this run so far:',
  ...Array.from({ length: 24 }, (_, i) => `- lesson ${i + 1}: moving circles off the grid lines by small amounts often gains in the 4th decimal.`),
  'Reply with the whole program in one fenced code block, then one line saying what you changed.',
].join('\n');

/**
 * A finished run of {@link PROGRAMS} proposals written through the store's own API (each program with its ledger event,
 * as the engine records them): four islands, four operators on two models, failures, rejections, migrants, a lineage
 * hundreds deep (most children extend a recent program of their island), champion changes and safeguard events.
 */
async function writeRun(db: string): Promise<void> {
  const store = await Store.open(db);
  const rand = lcg(19);
  await store.createRun({
    id: RUN_ID,
    task_name: 'bench-ui',
    task_dir: '/nowhere',
    task_hash: 'x',
    config_json: JSON.stringify({ budget: { samples: PROGRAMS }, islands: { count: 4 } }),
    seed: 1,
    status: 'running',
    pid: null,
  });
  const operators = [
    ['numeric', null],
    ['ast', null],
    ['llm-diff', 'openai:gpt-5-mini'],
    ['llm-full', 'anthropic:claude-haiku-4-5'],
  ] as const;
  const byIsland: Member[][] = [[], [], [], []];
  let best: { id: number; score: number } | null = null;
  for (let sample = 0; sample < PROGRAMS; sample++) {
    const island = sample % 4;
    const mine = byIsland[island];
    const parent = sample === 0 ? null : mine.length === 0 ? byIsland[0][0] : pickParent(mine, rand);
    const depth = parent ? parent.depth + 1 : 0;
    const [operator, model] = sample === 0 ? (['seed', null] as const) : operators[Math.floor(rand() * operators.length)];
    const code = programText(sample);
    const proposal = { sample, parent: parent?.id ?? null, operator, change: `variant ${sample}`, cost: model ? 0.0004 : 0 };
    const row = {
      run_id: RUN_ID,
      sample,
      parent_id: parent?.id ?? null,
      island,
      generation: depth,
      operator,
      model,
      language: 'javascript',
      code,
      code_hash: `bench-${sample}`,
      change: proposal.change,
      cost: proposal.cost,
      // As an LLM run records them: the prompt (a program of the parent's size with the task and lessons, ~5 kB) and the reply.
      prompt: model ? `${PROMPT_TEXT}\nThe program to improve (${parent?.id}):\n\`\`\`js\n${parent ? programText(sample - 1) : ''}\`\`\`` : null,
      reply: model ? `\`\`\`js\n${code}\`\`\`\nMoved circle ${sample % 26} off the grid.` : null,
    };
    if (sample > 0 && rand() < 0.03) {
      await store.insertProgram(
        { ...row, status: 'rejected', failure_class: 'policy', error: 'uses a forbidden module' },
        { type: 'proposal.rejected', data: { ...proposal, reason: 'policy', detail: 'uses a forbidden module' } },
      );
      if (rand() < 0.5) await store.appendEvent(RUN_ID, 'violation', null, { kind: 'static', sample, rule: 'no-require', line: 2, excerpt: "require('fs')" });
      continue;
    }
    const id = await store.insertProgram({ ...row, status: 'pending' }, { type: 'proposal.created', data: proposal });
    const evaluated_at = new Date(Date.parse('2026-01-01T00:00:00Z') + sample * 900).toISOString();
    const roll = rand();
    if (sample > 0 && roll < 0.12) {
      const failure = roll < 0.04 ? 'timeout' : roll < 0.08 ? 'exception' : 'invalid-output';
      await store.updateProgram(
        RUN_ID,
        id,
        { status: 'failed', failure_class: failure, error: `${failure} in run()`, evaluated_at, eval_ms: 40 },
        { type: 'evaluation.failed', data: { failure, error: `${failure} in run()` } },
      );
      mine.push({ id, score: null, depth });
      continue;
    }
    const correct = sample === 0 || roll > 0.15;
    // Scores climb along the chains, by small steps late in the run (4th-decimal gains).
    const score = correct ? 1 + Math.log1p(depth) * 0.1 + rand() * 0.002 : 0;
    await store.updateProgram(
      RUN_ID,
      id,
      { status: 'evaluated', correct: correct ? 1 : 0, score, evaluated_at, eval_ms: 40, feedback: correct ? 'valid' : 'circles 3 and 7 overlap by 0.0012' },
      { type: 'evaluation.completed', data: { correct, score } },
    );
    mine.push({ id, score: correct ? score : null, depth });
    if (correct && (!best || score > best.score)) {
      best = { id, score };
      await store.setChampion(RUN_ID, id, { score, holdout: null, evaluated: sample + 1 });
      const holdout: EventPayloads['holdout.checked'] = {
        search: score,
        holdout: score - 0.01,
        champion: id,
        championHoldout: score - 0.01,
        instanceSeed: 7,
        promote: true,
        reason: 'better on holdout',
      };
      await store.appendEvent(RUN_ID, 'holdout.checked', id, holdout);
    }
    if (sample % 100 === 99) {
      const drift = { evaluated: sample + 1, featureDistance: rand(), embeddingDistance: null, failureRate: 0.12, violationRate: 0.015, holdoutGap: 0.01 };
      await store.appendEvent(RUN_ID, 'drift.measured', null, drift);
      if (sample % 1000 === 999)
        await store.appendEvent(RUN_ID, 'drift.warning', null, { evaluated: sample + 1, warnings: ['feature distance 0.9 > 0.8'], action: 'warn' });
    }
    if (sample % 250 === 249) {
      // A migrant: the island's best so far, copied to the next island (not a sample).
      const source = mine.filter((m) => m.score !== null).sort((a, b) => b.score! - a.score!)[0];
      if (source) {
        const { sample: _s, ...copy } = row;
        const to = (island + 1) % 4;
        const copied = await store.insertProgram(
          {
            ...copy,
            sample: null,
            parent_id: source.id,
            island: to,
            operator: 'migrate',
            model: null,
            status: 'migrant',
            score: source.score,
            correct: 1,
            cost: null,
          },
          { type: 'migration', data: { from: island, to, source: source.id } },
        );
        byIsland[to].push({ id: copied, score: source.score, depth: source.depth + 1 });
      }
    }
  }
  await store.updateRun(RUN_ID, { status: 'completed', seed_score: 1, finished_at: new Date().toISOString() });
  await store.close();
}

/** The bench run's store: reused from an earlier run of this benchmark when complete, else written afresh. */
async function benchStore(): Promise<{ db: string; built: string }> {
  const dir = join(tmpdir(), `kaizen-bench-ui-${GENERATOR}`);
  const db = join(dir, 'kaizen.db');
  if (existsSync(join(dir, 'complete'))) {
    // Written by an earlier Kaizen, perhaps: opened to write once, it gets this one's migrations (indexes included).
    await (await Store.open(db)).close();
    return { db, built: `reused ${db}` };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  await writeRun(db);
  writeFileSync(join(dir, 'complete'), '');
  return { db, built: `wrote ${db} in ${((performance.now() - t0) / 1000).toFixed(1)} s` };
}

/** Builds the front end from the current sources into a temporary folder, with the static reference page beside it. */
function buildFrontEnd(): string {
  const out = mkdtempSync(join(tmpdir(), 'kaizen-bench-web-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'web/vite.config.ts'), '--outDir', out, '--emptyOutDir'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      cwd: ROOT,
    },
  );
  writeFileSync(join(out, 'static.html'), '<!doctype html><meta charset="utf-8"><title>static</title><p id="static">a static page</p>\n');
  return out;
}

/**
 * Installed in every page before its scripts: records when `window.__benchReady()` first holds (checked on every DOM
 * change) and the frame after it (`__benchDone`, ms from navigation start); `__benchStep(type)` times the next input
 * event of that type to its first frame and to the end of the last long task within 700 ms of it.
 */
const PROBE = `(() => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))));
  const check = () => {
    if (window.__benchDone !== undefined || window.__benchFound || !window.__benchReady || !window.__benchReady()) return;
    window.__benchFound = true;
    frame().then((t) => { window.__benchDone = t; });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.__benchStep = (type) => new Promise((resolve) => {
    const tasks = [];
    const po = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
    po.observe({ type: 'longtask' });
    addEventListener(type, (e) => {
      const t0 = e.timeStamp;
      frame().then((first) => setTimeout(() => {
        tasks.push(...po.takeRecords());
        po.disconnect();
        const ends = tasks.filter((t) => t.startTime + t.duration > t0).map((t) => t.startTime + t.duration);
        resolve(Math.max(first, ...ends) - t0);
      }, 700));
    }, { capture: true, once: true });
  });
})();`;

/** When each page counts as drawn (a predicate evaluated in the page). */
const READY = {
  static: `() => !!document.getElementById('static')`,
  runs: `() => !!document.querySelector('tr[data-run="${RUN_ID}"]')`,
  overview: `() => !!document.querySelector('[data-testid="score-chart"] canvas')`,
  lineage: `() => !!document.querySelector('[data-testid="lineage"][data-ready]')`,
  // The safeguard events drawn; the ledger's verification (a request of its own) is timed apart.
  safeguards: `() => !!document.querySelector('[data-testid="safeguards"]')`,
  ledger: `() => !!document.querySelector('[data-testid="ledger"].ok, [data-testid="ledger"].error')`,
  programs: `() => !!document.querySelector('[data-testid="programs-table"][data-ready] tbody tr')`,
};

interface Session {
  browser: Browser;
  bare: BareChromium;
  base: string;
  token: string;
}

const VIEWPORT = { width: 1280, height: 900 };
const urlOf = (s: Session, path: string) => {
  const [route, hash] = path.split('#');
  return `${s.base}${route}?token=${s.token}${hash ? `#${hash}` : ''}`;
};

/** One cold load of `path` through Playwright in a fresh context: ms from navigation start to the frame after the marker. */
async function load(s: Session, path: string, ready: string, keep?: (page: Page) => Promise<void>): Promise<number> {
  const context = await s.browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: `window.__benchReady = ${ready};${PROBE}` });
    const page = await context.newPage();
    await page.goto(urlOf(s, path));
    await page.waitForFunction(() => (globalThis as unknown as { __benchDone?: number }).__benchDone !== undefined, null, { timeout: 60_000, polling: 50 });
    const ms = await page.evaluate(() => (globalThis as unknown as { __benchDone: number }).__benchDone);
    if (keep) await keep(page);
    return ms;
  } finally {
    await context.close();
  }
}

/** The same cold load in the bare-protocol Chromium (cdp.ts). */
const bareLoad = (s: Session, path: string, ready: string) => s.bare.load(urlOf(s, path), `window.__benchReady = ${ready};${PROBE}`, VIEWPORT);

/** A cold-load figure: its bare-protocol times (judged) and its Playwright times (beside). */
interface Loads {
  bare: number[];
  playwright: number[];
}

/**
 * Loads `path` once each way, the order alternating with `round`; `before` runs before each of the two loads (the
 * overview's "run changed" writes to the record before each), `keep` on the Playwright page.
 */
async function loadBoth(
  s: Session,
  into: Loads,
  round: number,
  path: string,
  ready: string,
  opts: { before?: () => Promise<void>; keep?: (page: Page) => Promise<void> } = {},
): Promise<void> {
  const ways = [async () => into.bare.push(await bareLoad(s, path, ready)), async () => into.playwright.push(await load(s, path, ready, opts.keep))];
  for (const way of round % 2 ? ways.reverse() : ways) {
    await opts.before?.();
    await way();
  }
}

/** Times one input step on the lineage: `act` sends the input, `type` is the event it starts with. */
async function step(page: Page, type: string, act: () => Promise<void>): Promise<number> {
  await page.evaluate((t) => {
    const w = globalThis as unknown as { __benchStep(t: string): Promise<number>; __stepResult?: Promise<number> };
    w.__stepResult = w.__benchStep(t);
  }, type);
  await act();
  return page.evaluate(() => (globalThis as unknown as { __stepResult: Promise<number> }).__stepResult);
}

async function lineageSteps(page: Page): Promise<{ zoom: number[]; pan: number[] }> {
  const box = (await page.getByTestId('lineage').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  const zoom: number[] = [];
  const pan: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    // In, in, in, then back out: the steps cover the whole range from the fitted tree to a close-up.
    const dy = i < STEPS / 2 ? -300 : 300;
    zoom.push(await step(page, 'wheel', () => page.mouse.wheel(0, dy)));
  }
  for (let i = 0; i < STEPS; i++) {
    const dx = i % 2 ? -120 : 120;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    pan.push(await step(page, 'mousemove', () => page.mouse.move(cx + dx, cy + 40)));
    await page.mouse.up();
  }
  return { zoom, pan };
}

export async function uiBench(): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return [`ui benchmark skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set $KAIZEN_CHROMIUM)`];
  const lines: string[] = [];
  const store = await benchStore();
  lines.push(`run ${RUN_ID}: ${PROGRAMS} proposals; store ${store.built}`);
  const webDir = buildFrontEnd();
  const server = await startUiServer({ db: store.db, webDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] });
  const bare = await BareChromium.launch(CHROMIUM);
  const s: Session = { browser, bare, base: server.url.replace(/\?token=.*/, ''), token: server.token };
  // A second connection that writes to the run's record between loads: the server keeps a view's answer while the
  // database is unchanged (src/server/read-memo.ts), so the overview is measured both ways, as a finished run is
  // reloaded and as a run that has changed since its last load (the figures computed afresh). The lineage, loaded once
  // per round after the change, is always computed afresh.
  const writer = await Store.open(store.db);
  try {
    const asset = await assetSizes(s);
    lines.push(asset);
    const loads = new Map<string, Loads>(
      ['static page', 'run list', 'overview, run changed', 'overview', 'lineage', 'safeguards', 'safeguards ledger verified'].map((k) => [
        k,
        { bare: [], playwright: [] },
      ]),
    );
    const into = (label: string) => loads.get(label)!;
    const steps = { zoom: [] as number[], pan: [] as number[] };
    // Interleaved (static, runs, overview, …, static, runs, …): a load spike on the shared machine hits them all alike.
    for (let r = 0; r < LOADS; r++) {
      await loadBoth(s, into('static page'), r, 'static.html', READY.static);
      await loadBoth(s, into('run list'), r, '#/', READY.runs);
      // A change before each of its loads; the plain loads after them find the answer the last one kept.
      const change = () => writer.setState(RUN_ID, 'bench.changed', { load: r }).then(() => {});
      await loadBoth(s, into('overview, run changed'), r, `#/run/${RUN_ID}/overview`, READY.overview, { before: change });
      await loadBoth(s, into('overview'), r, `#/run/${RUN_ID}/overview`, READY.overview);
      await loadBoth(s, into('lineage'), r, `#/run/${RUN_ID}/lineage`, READY.lineage, {
        keep: async (page) => {
          if (r > 0) return;
          const measured = await lineageSteps(page);
          steps.zoom.push(...measured.zoom);
          steps.pan.push(...measured.pan);
        },
      });
      await loadBoth(s, into('safeguards'), r, `#/run/${RUN_ID}/safeguards`, READY.safeguards);
      await loadBoth(s, into('safeguards ledger verified'), r, `#/run/${RUN_ID}/safeguards`, READY.ledger);
    }
    const programs = await programsTable(s);
    const rows: [string, number[], number[] | undefined][] = [
      ...[...loads].map(([label, l]) => [label, l.bare, l.playwright] as [string, number[], number[]]),
      ['lineage zoom step', steps.zoom, undefined],
      ['lineage pan step', steps.pan, undefined],
      ...programs.rows,
    ];
    const reference = median(into('static page').bare);
    lines.push(
      `median of ${LOADS} cold loads (fresh context each) / of ${STEPS} steps; ratio against the static page's load (${reference.toFixed(0)} ms); loads over the bare DevTools protocol, through Playwright beside (bench/cdp.ts):`,
    );
    lines.push(`  ${'measure'.padEnd(28)} ${'ms'.padStart(7)} ${'ratio'.padStart(7)} ${'Playwright'.padStart(11)}  target`);
    for (const [label, xs, beside] of rows) {
      const ms = median(xs);
      const target = TARGETS[label];
      const verdict = target === undefined ? '' : `≤ ${target} ms: ${ms <= target ? 'met' : 'NOT met'}`;
      const pw = beside ? median(beside).toFixed(0) : '';
      lines.push(`  ${label.padEnd(28)} ${ms.toFixed(0).padStart(7)} ${(ms / reference).toFixed(1).padStart(7)} ${pw.padStart(11)}  ${verdict}`);
    }
  } finally {
    await writer.close();
    await bare.close();
    await browser.close();
    await server.close();
    rmSync(webDir, { recursive: true, force: true });
  }
  return lines;
}

/** The bytes of the entry script as sent with and without Accept-Encoding, and its caching header. */
async function assetSizes(s: Session): Promise<string> {
  const index = await (await fetch(`${s.base}?token=${s.token}`)).text();
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index)?.[1];
  if (!script) return 'entry script: not found in index.html';
  const auth = { authorization: `Bearer ${s.token}` };
  const plain = await fetch(`${s.base}${script}`, { headers: { ...auth, 'accept-encoding': 'identity' } });
  const plainBytes = (await plain.arrayBuffer()).byteLength;
  // fetch() decodes the body: the bytes on the wire are in content-length.
  const packed = await fetch(`${s.base}${script}`, { headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' } });
  await packed.arrayBuffer();
  const encoding = packed.headers.get('content-encoding');
  const wire = Number(packed.headers.get('content-length') ?? plainBytes);
  return `entry script ${script}: ${(plainBytes / 1024).toFixed(0)} kB, sent ${encoding ? `${encoding} ${(wire / 1024).toFixed(0)} kB` : 'uncompressed'}; cache-control: ${packed.headers.get('cache-control')}`;
}

/**
 * The programs table: first render, a filter (the status select), a sort (the score header) — each to its next frame
 * and the end of the work it started — and a search of the code and feedback, to the table's `data-ready` for that text
 * (it includes the pause the page waits for the typing to stop, and the server's answer).
 */
async function programsTable(s: Session): Promise<{ rows: [string, number[], number[] | undefined][] }> {
  const first: Loads = { bare: [], playwright: [] };
  const filter: number[] = [];
  const sort: number[] = [];
  const search: number[] = [];
  for (let r = 0; r < LOADS; r++) {
    await loadBoth(s, first, r, `#/run/${RUN_ID}/programs`, READY.programs, {
      keep: async (page) => {
        const status = page.getByTestId('filter-status');
        const values = await status.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
        for (const v of [values[0], '']) filter.push(await step(page, 'change', () => status.selectOption(v).then(() => {})));
        for (let i = 0; i < 2; i++) sort.push(await step(page, 'click', () => page.getByTestId('sort-score').click()));
        const t0 = await page.evaluate(() => performance.now());
        await page.getByTestId('program-search').fill('timeout');
        // A function, not a string: the dashboard's CSP forbids eval. (This file has no DOM types.)
        await page.waitForFunction(
          () => {
            const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document;
            return doc.querySelector('[data-testid="programs-table"][data-ready]')?.getAttribute('data-query')?.includes('"timeout"') ?? false;
          },
          null,
          { polling: 'raf' },
        );
        search.push((await page.evaluate(() => performance.now())) - t0);
      },
    });
  }
  return {
    rows: [
      ['programs table', first.bare, first.playwright],
      ['programs table filter', filter, undefined],
      ['programs table sort', sort, undefined],
      ['programs table search', search, undefined],
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await uiBench()) console.log(line);
}
