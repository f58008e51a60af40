import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { inlineCssPlugin } from './build/inline-css.ts';
import { lazyIntlPlugin } from './build/lazy-intl.ts';

/** The overview's chunk: the view, its charts, uPlot. */
const OVERVIEW_CHUNK = /[\\/](web[\\/]src[\\/](views[\\/]Overview|components[\\/]Chart)\.tsx|node_modules[\\/]uplot[\\/].*)$/;
/** The small parts several views share (the overview, program, lineage, safeguards, …): one chunk, not five. */
const SHARED_CHUNK = /[\\/]web[\\/]src[\\/](components[\\/](Cases|Download|Executor|Fields)\.tsx|live\.ts|palette\.ts)$/;

/** Text files worth compressing; smaller ones gain nothing from it. */
const COMPRESSIBLE = /\.(html|js|css|svg|json)$/;
const MIN_BYTES = 1024;

/**
 * Writes `name.br` and `name.gz` beside each text file of the build, at the strongest settings (once, at build time),
 * for the server to send to browsers that accept them (src/server/static.ts).
 */
function precompress(): Plugin {
  return {
    name: 'kaizen-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(name)) continue;
        const file = join(options.dir!, name);
        const body = readFileSync(file);
        if (body.length < MIN_BYTES) continue;
        const params = { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The dashboard's front end: built into dist/web, served by `kaizen ui` (src/server).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [preact(), lazyIntlPlugin(), inlineCssPlugin(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // The overview and what it draws with in two chunks (its own, and the small parts other views share too): a
        // cold load of the overview asks for them at once, not for six small chunks on a server that also answers the
        // overview's queries (bench/ui.ts). The other views that chart (Compare, Islands, Models, Agents) load the
        // overview's chunk; the lineage, program and safeguards views only the shared one.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'overview', test: OVERVIEW_CHUNK },
            { name: 'shared', test: SHARED_CHUNK },
          ],
        },
      },
    },
  },
  logLevel: 'warn',
});
