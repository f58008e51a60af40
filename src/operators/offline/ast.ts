import type { Rng } from '../../util/rng.ts';
import { type Region, type TextEdit, applyEdits, evolveRegions, insideRegions, lineAt } from '../evolve-blocks.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operator.ts';
import { isJsLike, parseSource, syntaxError, ts, walk } from './syntax.ts';

/** Operators that may stand in for one another: a swap keeps the program well-typed and usually meaningful. */
const BINARY_GROUPS: readonly (readonly ts.SyntaxKind[])[] = [
  [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken],
  [ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken],
  [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken],
  [ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken],
  [ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.SlashEqualsToken],
];
const MATH_GROUPS: readonly (readonly string[])[] = [
  ['min', 'max'],
  ['floor', 'ceil', 'round'],
  ['sin', 'cos'],
  ['sqrt', 'cbrt'],
];

/** One possible edit: a description and the text change. */
interface Site {
  kind: string;
  start: number;
  describe: string;
  edit: (rng: Rng) => TextEdit[];
}

function collectSites(code: string, language: string, regions: readonly Region[]): Site[] {
  const sf = parseSource(code, language);
  const sites: Site[] = [];
  const inside = (n: ts.Node) => insideRegions(regions, n.getStart(sf), n.getEnd());

  walk(sf, (node) => {
    if (!inside(node)) return;
    if (ts.isBinaryExpression(node)) {
      const group = BINARY_GROUPS.find((g) => g.includes(node.operatorToken.kind));
      if (group) {
        const tok = node.operatorToken;
        const from = tok.getText(sf);
        sites.push({
          kind: 'operator',
          start: tok.getStart(sf),
          describe: `operator ${from}`,
          edit: (rng) => {
            const to = ts.tokenToString(rng.pick(group.filter((k) => k !== tok.kind))) ?? from;
            return [{ start: tok.getStart(sf), end: tok.getEnd(), text: to }];
          },
        });
      }
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math') {
      const name = node.name.text;
      const group = MATH_GROUPS.find((g) => g.includes(name));
      if (group) {
        sites.push({
          kind: 'math',
          start: node.name.getStart(sf),
          describe: `Math.${name}`,
          edit: (rng) => [{ start: node.name.getStart(sf), end: node.name.getEnd(), text: rng.pick(group.filter((g) => g !== name)) }],
        });
      }
    }
    if (ts.isBlock(node) && node.statements.length > 0) {
      const statements = node.statements.filter((s) => inside(s));
      for (let i = 0; i < statements.length; i++) {
        const s = statements[i];
        const text = code.slice(s.getStart(sf), s.getEnd());
        const indent = indentationBefore(code, s.getStart(sf));
        if (ts.isExpressionStatement(s)) {
          // Repeating an update (a relaxation or refinement step) is a classic cheap win; dropping one, a simplification.
          sites.push({
            kind: 'duplicate',
            start: s.getStart(sf),
            describe: 'statement duplicated',
            edit: () => [{ start: s.getEnd(), end: s.getEnd(), text: `\n${indent}${text}` }],
          });
          sites.push({
            kind: 'delete',
            start: s.getStart(sf),
            describe: 'statement deleted',
            edit: () => [{ start: s.getStart(sf), end: s.getEnd(), text: '' }],
          });
        }
        const next = statements[i + 1];
        if (next && !isDeclaration(s) && !isDeclaration(next)) {
          sites.push({
            kind: 'swap',
            start: s.getStart(sf),
            describe: 'adjacent statements swapped',
            edit: () => [
              { start: s.getStart(sf), end: s.getEnd(), text: code.slice(next.getStart(sf), next.getEnd()) },
              { start: next.getStart(sf), end: next.getEnd(), text },
            ],
          });
        }
      }
    }
  });
  return sites;
}

function isDeclaration(s: ts.Statement): boolean {
  return ts.isVariableStatement(s) || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s);
}

function indentationBefore(code: string, offset: number): string {
  const lineStart = code.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(code.slice(lineStart, offset))?.[0] ?? '';
}

/**
 * Structural edits of JavaScript/TypeScript through a real parser, inside the evolvable regions only: swap an
 * arithmetic or comparison operator, swap a Math function for its sibling, duplicate, delete or reorder statements.
 * The child must parse, or the operator tries another edit.
 */
export class AstOperator implements Operator {
  readonly name = 'ast';

  supports(language: string): boolean {
    return isJsLike(language);
  }

  async propose({ code, language, rng }: OperatorInput): Promise<OperatorOutput | null> {
    const regions = evolveRegions(code);
    const sites = collectSites(code, language, regions);
    if (sites.length === 0) return null;
    // Pick a kind first, then a site of that kind, so frequent kinds (operators) do not drown rare ones.
    const kinds = [...new Set(sites.map((s) => s.kind))];
    for (let attempt = 0; attempt < 5; attempt++) {
      const kind = rng.pick(kinds);
      const site = rng.pick(sites.filter((s) => s.kind === kind));
      const edits = site.edit(rng);
      const child = applyEdits(code, edits);
      if (child !== code && !syntaxError(child, language)) {
        return { code: child, change: `${site.describe} at line ${lineAt(code, site.start)}` };
      }
    }
    return null;
  }
}
