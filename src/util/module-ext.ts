import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The URL of a sibling module, whether Kaizen runs from its TypeScript sources (`.ts`, Node's type stripping)
 * or from the compiled `dist/` (`.js`). `from` is the caller's `import.meta.url`.
 */
export function siblingModule(from: string, relativeWithoutExt: string): URL {
  const ext = extname(fileURLToPath(from));
  return new URL(relativeWithoutExt + ext, from);
}
