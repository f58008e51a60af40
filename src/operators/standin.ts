// The stand-in model of `kaizen run --model standin`: a scripted policy behind a loopback server that speaks the
// OpenAI Chat Completions protocol (models/wire-server.ts), reached through the real SDK like any provider. It lets a
// run with no API key exercise everything a model drives — prompts, SEARCH/REPLACE and rewrite replies, retries,
// novelty judging, lessons and prompt evolution — and it reads its prompt the way the search needs a model to:
//
// - an edit request: it changes numeric constants inside the EVOLVE blocks of the program it was shown. How it edits
//   follows the guidance in the system prompt's "# Approach" section (prompt evolution's variants): "small, careful …
//   fine-tune" → steps of 1–5 %, "bold … large changes" → 20–60 %, otherwise 5–20 %; "several related values" → 2–3
//   constants at once, "exactly one thing" → one, otherwise one or two. So prompt variants differ in what their
//   children achieve, as they would with a real model, and the bandit over them has something to learn.
// - a prompt-mutation request: it recombines the two variants' lines with ideas from the fragment list it was given.
// - a novelty question: NOT_NOVEL only for the same code up to white space; lessons: it cites supported claims.
//
// It is no model: it never writes new algorithms, and what it finds is what tuning constants can find.

import type { Policy, WireRequest } from '../models/wire-server.ts';
import { isBundle, locate } from '../program/bundle.ts';
import { fnv1a } from '../util/hash.ts';
import { Rng } from '../util/rng.ts';
import { evolveRegions, insideRegions } from './evolve-blocks.ts';
import { fragmentsOf, recombine } from './prompt-mutation.ts';

/** The model name of the stand-in (`--model standin`). */
export const STANDIN = 'standin';

const FENCE = /```[\w+#.-]*\n([\s\S]*?)\n```/g;
const NUMBER = /(?<![\w.$])(\d+(?:\.\d+)?(?:e-?\d+)?)(?![\w.])/gi;

type Style = { low: number; high: number; count: [number, number]; name: string };

/** How the guidance asks for edits to be made. */
export function styleOf(system: string): Style {
  const approach = /# Approach\n([\s\S]*?)(?:\n# |$)/.exec(system)?.[1]?.toLowerCase() ?? '';
  const small = /small|careful|fine-tune/.test(approach);
  const bold = /bold|large change/.test(approach);
  const [low, high, name] = small && !bold ? [0.01, 0.05, 'small'] : bold && !small ? [0.2, 0.6, 'bold'] : [0.05, 0.2, 'medium'];
  const count: [number, number] = /several related values/.test(approach) ? [2, 3] : /exactly one thing/.test(approach) ? [1, 1] : [1, 2];
  return { low, high, count, name };
}

interface Literal {
  start: number;
  end: number;
  text: string;
}

/** Numeric literals inside the EVOLVE regions, not on marker or comment lines. */
function literals(code: string): Literal[] {
  let regions: ReturnType<typeof evolveRegions>;
  try {
    regions = evolveRegions(code);
  } catch {
    return [];
  }
  const out: Literal[] = [];
  for (const m of code.matchAll(NUMBER)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!insideRegions(regions, start, end)) continue;
    const lineStart = code.lastIndexOf('\n', start) + 1;
    const before = code.slice(lineStart, start);
    if (/\/\/|^\s*#|^\s*\*/.test(before) || /EVOLVE-BLOCK/.test(code.slice(lineStart, code.indexOf('\n', start)))) continue;
    out.push({ start, end, text: m[0] });
  }
  return out;
}

function nextValue(text: string, style: Style, rng: Rng): string {
  const v = Number(text);
  const pct = style.low + (style.high - style.low) * rng.next();
  const sign = rng.next() < 0.5 ? -1 : 1;
  if (!/[.e]/i.test(text)) {
    const delta = Math.max(1, Math.round(Math.abs(v) * pct));
    const next = v + sign * delta;
    return String(next < 0 ? v + delta : next);
  }
  const next = Number((v * (1 + sign * pct)).toPrecision(6));
  return String(next === v ? Number((v * (1 + pct)).toPrecision(6)) : next);
}

const lineAt = (code: string, offset: number) => {
  const start = code.lastIndexOf('\n', offset - 1) + 1;
  const nl = code.indexOf('\n', offset);
  return { start, end: nl < 0 ? code.length : nl };
};

/** An edit reply: SEARCH/REPLACE blocks (the diff prompt) or the whole program / changed files (rewrites). */
function editReply(request: WireRequest, rng: Rng): string {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const users = request.messages.filter((m) => m.role === 'user').map((m) => m.content);
  const first = users[0] ?? '';
  // A retry shows the partly edited program when there is one: edit that.
  const shown = [...(users.at(-1) ?? '').matchAll(FENCE)].map((m) => m[1]);
  const current = first.includes('# Current program') ? first.slice(first.indexOf('# Current program')) : first;
  const code = (users.length > 1 && shown.length > 0 ? shown.at(-1) : [...current.matchAll(FENCE)][0]?.[1]) ?? '';
  const style = styleOf(system);
  const found = literals(`${code}\n`);
  if (found.length === 0) return 'CHANGE: nothing to tune\nI found no constant inside the EVOLVE blocks to change.';
  const k = Math.min(found.length, rng.int(style.count[0], style.count[1]));
  // One literal per line, so each SEARCH line is unique to one edit.
  const byLine = new Map<number, Literal>();
  for (const l of rng.sample(found, found.length)) if (!byLine.has(lineAt(code, l.start).start)) byLine.set(lineAt(code, l.start).start, l);
  const chosen = [...byLine.values()].slice(0, k).sort((a, b) => a.start - b.start);
  const edits = chosen.map((l) => ({ ...l, next: nextValue(l.text, style, rng) }));
  const names = edits.map((e) => {
    const line = code.slice(lineAt(code, e.start).start, lineAt(code, e.start).end).trim();
    return /(?:const|let|var)\s+(\w+)/.exec(line)?.[1] ?? `${e.text}`;
  });
  const change = `CHANGE: ${style.name} change of ${names.join(' and ')} (${edits.map((e) => `${e.text} → ${e.next}`).join(', ')})`;
  const bundle = isBundle(code);
  if (/<<<<<<< SEARCH/.test(first)) {
    const blocks = edits.map((e) => {
      const { start, end } = lineAt(code, e.start);
      const line = code.slice(start, end);
      const edited = line.slice(0, e.start - start) + e.next + line.slice(e.end - start);
      const file = bundle ? `${locate(code, e.start)?.path}\n` : '';
      return `${file}<<<<<<< SEARCH\n${line}\n=======\n${edited}\n>>>>>>> REPLACE`;
    });
    return `${change}\n\n${blocks.join('\n\n')}`;
  }
  let out = code;
  for (const e of [...edits].reverse()) out = out.slice(0, e.start) + e.next + out.slice(e.end);
  return `${change}\n\`\`\`\n${out}\n\`\`\``;
}

/** A prompt-mutation reply: the two variants' lines recombined with the listed ideas. */
function guidanceReply(text: string, rng: Rng): string {
  const section = (title: string) => new RegExp(`# ${title}[^\\n]*\\n([\\s\\S]*?)(?:\\n# |$)`).exec(text)?.[1] ?? '';
  const a = fragmentsOf(section('Guidance A')).join('\n');
  const b = fragmentsOf(section('Guidance B')).join('\n');
  const ideas = fragmentsOf(section('Ideas you may draw on'));
  return `\`\`\`\n${recombine(a, b, ideas, rng, new Set([a, b]))}\n\`\`\``;
}

function noveltyReply(text: string): string {
  const codes = [...text.matchAll(FENCE)].map((m) => m[1].replace(/\s+/g, ''));
  return codes.length >= 2 && codes[0] === codes[1] ? 'NOT_NOVEL: the same code' : 'NOVEL';
}

function lessonsReply(text: string): string {
  const supported = [...text.matchAll(/^- \[([^\]]+)\] SUPPORTED: (.+)$/gm)].slice(0, 3);
  if (supported.length === 0) return 'No recommendation yet: no claim is supported.';
  return supported.map((m, i) => `${i + 1}. [${m[1]}] Keep to what this supported claim says: ${m[2].slice(0, 200)}`).join('\n');
}

/** The stand-in's policy; deterministic for a given request and call number. */
export function evolutionStandin(): Policy {
  let calls = 0;
  return (request) => {
    calls++;
    const text = request.messages.map((m) => m.content).join('\n');
    const rng = new Rng(fnv1a(text), calls);
    const first = request.messages.find((m) => m.role === 'user')?.content ?? '';
    if (/meaningfully different idea/.test(first)) return { text: noveltyReply(first) };
    if (/You keep the experiment journal/.test(first)) return { text: lessonsReply(first) };
    if (/You improve the guidance/.test(first)) return { text: guidanceReply(first, rng) };
    return { text: editReply(request, rng) };
  };
}
