// The entry's stylesheet written into index.html instead of linked: a linked stylesheet blocks the page's script
// until it has arrived, one more request in series on a cold load (bench/ui.ts). Views' own stylesheets (uPlot's,
// diff2html's) stay files, loaded with their chunks. The CSP allows inline styles (src/server/app.ts).
import type { Plugin } from 'vite';

/** index.html's `<link rel="stylesheet" href="./assets/NAME.css">` replaced by the file's text in a `<style>`. */
export function inlineEntryCss(html: string, cssByFile: ReadonlyMap<string, string>): string {
  return html.replace(/<link rel="stylesheet"[^>]*href="\.\/(assets\/[^"]+\.css)"[^>]*>/g, (_tag, file: string) => {
    const css = cssByFile.get(file);
    if (css === undefined) throw new Error(`inline-css: index.html links ${file}, which the build did not write`);
    // A stylesheet cannot end the <style> element early: "</style" does not occur in CSS we write or import.
    if (/<\/style/i.test(css)) throw new Error(`inline-css: ${file} contains "</style"; it cannot be inlined`);
    return `<style>${css}</style>`;
  });
}

export function inlineCssPlugin(): Plugin {
  return {
    name: 'kaizen-inline-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const css = new Map<string, string>();
        for (const [file, out] of Object.entries(ctx.bundle ?? {})) if (out.type === 'asset' && file.endsWith('.css')) css.set(file, String(out.source));
        return inlineEntryCss(html, css);
      },
    },
  };
}
