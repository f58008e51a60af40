// `node --import ./record-loads.mjs …`: writes the URL of every module the process loads (ESM and CommonJS), one a
// line, to $RECORD_LOADS when it exits. The start-up tests use it to check which packages a command pulls in.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = [];
registerHooks({
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});
process.on('exit', () => writeFileSync(process.env.RECORD_LOADS, `${loaded.join('\n')}\n`));
