import * as acorn from 'acorn';
import ts from 'typescript';

export const isJsLike = (language: string) => language === 'javascript' || language === 'typescript';

/** Parses a JavaScript or TypeScript program into TypeScript's syntax tree (it reads both). */
export function parseSource(code: string, language: string): ts.SourceFile {
  const kind = language === 'typescript' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  return ts.createSourceFile(language === 'typescript' ? 'program.ts' : 'program.js', code, ts.ScriptTarget.Latest, true, kind);
}

/**
 * Null when the program parses, else the first syntax error. JavaScript goes through acorn (a strict ECMAScript
 * parser); TypeScript through the compiler's syntactic diagnostics.
 */
export function syntaxError(code: string, language: string): string | null {
  if (language === 'typescript') {
    const out = ts.transpileModule(code, { reportDiagnostics: true, fileName: 'program.ts', compilerOptions: { target: ts.ScriptTarget.ES2022 } });
    const d = out.diagnostics?.[0];
    return d ? ts.flattenDiagnosticMessageText(d.messageText, '\n') : null;
  }
  try {
    acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Visits every node of a tree, depth first. */
export function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

export { ts };
