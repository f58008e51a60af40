// Offline self-edit operators: the edits a model without an API can make to an agent's own folder — its settings
// (numbers), its prompts (instruction fragments added or removed) and its code (TypeScript AST edits: the view tool
// taking a line range, command output keeping its tail). Each is a set of exact search/replace edits, so that the
// parent agent applies it with its own edit tool, and each works from what was seen: an edit is offered only when
// the text it replaces has been read.
import ts from 'typescript';

export interface FileEdit {
  path: string;
  old: string;
  new: string;
}

export interface SelfEdit {
  operator: string;
  /** In words, for the record. */
  note: string;
  /** What it addresses, matched against a diagnosis: 'turns', 'view', 'tests', 'output', or none. */
  tags: string[];
  edits: FileEdit[];
}

/** The agent's files as far as they have been read: complete text, or null when only partly seen. */
export type SeenFiles = Map<string, string | null>;

/** The agent settings Kaizen knows, with the ranges a self-edit may set (anything else is refused by the guard). */
export const SETTING_RANGES: Record<string, [number, number]> = {
  maxTurns: [1, 60],
  viewLines: [10, 2000],
  outputChars: [200, 100_000],
  commandTimeoutMs: [1000, 120_000],
};

const SETTING_TAGS: Record<string, string> = { maxTurns: 'turns', viewLines: 'view', outputChars: 'output', commandTimeoutMs: '' };
const FACTORS = [0.5, 1.5, 2, 2.5];

/** Instruction fragments a prompt edit may add (the library an offline model recombines). */
export const PROMPT_FRAGMENTS: { text: string; tags: string[] }[] = [
  { text: 'Before you submit, run the public tests (`{{tests}}`) and fix any failure they show.', tags: ['tests'] },
  { text: 'Read the code around a change before you edit it.', tags: [] },
  { text: 'Prefer small, focused edits over rewrites.', tags: [] },
  { text: 'If an edit fails, view the file again and retry with the exact text.', tags: [] },
  { text: 'Do not modify the tests.', tags: [] },
  { text: 'State your plan in one sentence before the first tool call.', tags: [] },
];

function settingsEdits(text: string): SelfEdit[] {
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: SelfEdit[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const range = SETTING_RANGES[key];
    if (!range || typeof value !== 'number') continue;
    const line = text.split('\n').find((l) => new RegExp(`^\\s*"${key}"\\s*:\\s*${value}\\b`).test(l));
    if (!line) continue;
    for (const factor of FACTORS) {
      const next = Math.min(range[1], Math.max(range[0], Math.round(value * factor)));
      if (next === value) continue;
      const tag = SETTING_TAGS[key];
      out.push({
        operator: `settings.${key}`,
        note: `${key} ${value} → ${next}`,
        tags: tag && next > value ? [tag] : [],
        edits: [{ path: 'settings.json', old: line, new: line.replace(String(value), String(next)) }],
      });
    }
  }
  return out;
}

function promptEdits(path: string, text: string): SelfEdit[] {
  const lines = text.split('\n');
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  const out: SelfEdit[] = [];
  if (last) {
    for (const f of PROMPT_FRAGMENTS) {
      if (text.includes(f.text)) continue;
      out.push({ operator: 'prompt.add', note: `${path}: + "${f.text}"`, tags: f.tags, edits: [{ path, old: last, new: `${last}\n${f.text}` }] });
    }
  }
  for (const line of lines.slice(1)) {
    if (line.trim() === '' || lines.filter((l) => l === line).length > 1) continue;
    out.push({ operator: 'prompt.remove', note: `${path}: − "${line.trim()}"`, tags: [], edits: [{ path, old: `${line}\n`, new: '' }] });
  }
  return out;
}

/** The source text of a top-level function declaration by name, or null. */
function functionText(source: ts.SourceFile, name: string): string | null {
  for (const s of source.statements) if (ts.isFunctionDeclaration(s) && s.name?.text === name) return s.getText(source);
  return null;
}

/** The `parameters` property of the tool whose spec is named `tool` (an object literal anywhere in the file). */
function toolParameters(source: ts.SourceFile, tool: string): string | null {
  let found: string | null = null;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isObjectLiteralExpression(node)) {
      const props = new Map(node.properties.filter(ts.isPropertyAssignment).map((p) => [p.name.getText(source), p.initializer]));
      const name = props.get('name');
      const params = node.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(source) === 'parameters');
      if (name && ts.isStringLiteral(name) && name.text === tool && params) {
        found = params.getText(source);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The variable statement declaring `name` inside function `fn`, or null. */
function localDeclaration(source: ts.SourceFile, fn: string, name: string): string | null {
  let found: string | null = null;
  const visit = (node: ts.Node, inside: boolean) => {
    if (found) return;
    if (inside && ts.isVariableStatement(node) && node.declarationList.declarations.some((d) => d.name.getText(source) === name)) {
      found = node.getText(source);
      return;
    }
    const enter = inside || (ts.isFunctionDeclaration(node) && node.name?.text === fn);
    ts.forEachChild(node, (child) => visit(child, enter));
  };
  visit(source, false);
  return found;
}

const VIEW_RANGE = `function viewFile(input: Record<string, unknown>, settings: Settings): ToolResult {
  const full = inRepo(input.path);
  if (!existsSync(full)) return { output: \`error: \${String(input.path)} does not exist\` };
  const lines = readFileSync(full, 'utf8').split('\\n');
  const start = Math.max(1, Math.floor(Number(input.start ?? 1)) || 1);
  const end = Math.min(lines.length, Math.floor(Number(input.end ?? start + settings.viewLines - 1)) || lines.length);
  const shown = lines.slice(start - 1, end).map((line, i) => \`\${String(start + i).padStart(4)}  \${line}\`);
  const rest = lines.length - end;
  return { output: shown.join('\\n') + (rest > 0 ? \`\\n[... \${rest} more lines not shown; view them with start and end]\` : '') };
}`;

const VIEW_RANGE_PARAMETERS = `parameters: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          start: { type: 'integer', description: 'first line to show (1-based)' },
          end: { type: 'integer', description: 'last line to show' },
        },
        required: ['path'],
      }`;

const TAIL_CUT = `const cut =
        output.length > settings.outputChars
          ? \`\${output.slice(0, settings.outputChars / 2)}\\n[... output cut ...]\\n\${output.slice(-settings.outputChars / 2)}\`
          : output;`;

function codeEdits(path: string, text: string): SelfEdit[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: SelfEdit[] = [];
  const view = functionText(source, 'viewFile');
  const params = toolParameters(source, 'view');
  if (view && params && !/\bstart\b/.test(params)) {
    out.push({
      operator: 'code.view-range',
      note: 'the view tool takes a line range (start, end)',
      tags: ['view'],
      edits: [
        { path, old: view, new: VIEW_RANGE },
        { path, old: params, new: VIEW_RANGE_PARAMETERS },
      ],
    });
  }
  const cut = localDeclaration(source, 'runCommand', 'cut');
  if (cut && !cut.includes('output cut')) {
    out.push({
      operator: 'code.output-tail',
      note: 'long command output keeps its head and its tail',
      tags: ['output'],
      edits: [{ path, old: cut, new: TAIL_CUT }],
    });
  }
  return out;
}

/** Every self-edit the seen files allow. */
export function selfEdits(seen: SeenFiles): SelfEdit[] {
  const out: SelfEdit[] = [];
  for (const [path, text] of seen) {
    if (text === null) continue;
    if (path === 'settings.json') out.push(...settingsEdits(text));
    else if (path.startsWith('prompts/') && path.endsWith('.md')) out.push(...promptEdits(path, text));
    else if (path.endsWith('.ts')) out.push(...codeEdits(path, text));
  }
  return out;
}

/** Diagnosis tags: what a failure's diagnosis says went wrong, in the words operators are tagged with. */
export function diagnosisTags(diagnosis: string): string[] {
  const tags: string[] = [];
  if (/turn limit/i.test(diagnosis)) tags.push('turns');
  if (/not shown|never saw|truncated view/i.test(diagnosis)) tags.push('view');
  if (/without running the (public )?tests/i.test(diagnosis)) tags.push('tests');
  if (/output was cut/i.test(diagnosis)) tags.push('output');
  return tags;
}
