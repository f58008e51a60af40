// A tiny path router: patterns are '/'-separated segments; ':name' captures one segment.

export type Params = Record<string, string>;

export interface Match<T> {
  pattern: string;
  value: T;
  params: Params;
}

interface Route<T> {
  pattern: string;
  parts: string[];
  value: T;
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

function matchParts(parts: string[], segments: string[]): Params | null {
  const last = parts.at(-1);
  if (last !== undefined && last.startsWith('*')) {
    if (segments.length < parts.length) return null;
    const params = matchParts(parts.slice(0, -1), segments.slice(0, parts.length - 1));
    if (params) params[last.slice(1) || '*'] = segments.slice(parts.length - 1).map(decodeURIComponent).join('/');
    return params;
  }
  if (parts.length !== segments.length) return null;
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const seg = segments[i];
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return params;
}

export class Router<T> {
  #routes: Route<T>[] = [];

  add(pattern: string, value: T): this {
    const parts = split(pattern);
    const names = parts.filter((p) => p.startsWith(':')).map((p) => p.slice(1));
    if (names.some((n) => n === '')) throw new SyntaxError(`empty parameter name in ${pattern}`);
    if (new Set(names).size !== names.length) throw new SyntaxError(`duplicate parameter in ${pattern}`);
    if (this.#routes.some((r) => r.pattern === pattern)) throw new Error(`route already defined: ${pattern}`);
    this.#routes.push({ pattern, parts, value });
    return this;
  }

  // First route, in the order they were added, that matches the path (query string and fragment ignored).
  match(path: string): Match<T> | null {
    const segments = split(path.replace(/[?#].*$/, ''));
    for (const route of this.#routes) {
      const params = matchParts(route.parts, segments);
      if (params) return { pattern: route.pattern, value: route.value, params };
    }
    return null;
  }

  patterns(): string[] {
    return this.#routes.map((r) => r.pattern);
  }
}
