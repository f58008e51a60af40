// Entry point of a JavaScript/TypeScript candidate's child process. Started by the process sandbox with an empty
// environment, a scratch cwd and Node's permission model; it imports the candidate, calls the requested export and
// writes the JSON result to fd 3. Nothing here is trusted by the parent: it parses and caps whatever arrives on fd 3.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const RESULT_FD = 3;

function send(message: unknown): void {
  const text = JSON.stringify(message);
  const buf = Buffer.from(`${text}\n`);
  let off = 0;
  while (off < buf.length) off += writeSync(RESULT_FD, buf, off);
}

/** Blocking writes to the stdout/stderr pipes: a flood then stalls the candidate instead of growing its heap. */
function blockingStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: { setBlocking?: (b: boolean) => void } })._handle?.setBlocking?.(true);
  }
}

async function main(): Promise<void> {
  blockingStdio();
  const [programPath, requestPath] = process.argv.slice(2);
  const { exportName, args } = JSON.parse(readFileSync(requestPath, 'utf8')) as { exportName: string; args: unknown[] };
  const mod = (await import(pathToFileURL(programPath).href)) as Record<string, unknown>;
  const fn = mod[exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof fn !== 'function') {
    send({ error: `the program has no exported function "${exportName}"` });
    return;
  }
  const value = await (fn as (...a: unknown[]) => unknown)(...args);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    send({ error: `the result is not serialisable as JSON: ${(e as Error).message}` });
    return;
  }
  if (text === undefined) {
    send({ error: `"${exportName}" returned undefined` });
    return;
  }
  send({ outputJson: text });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const err = e as Error;
    try {
      send({ error: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`, stack: String(err?.stack ?? '').slice(0, 4000) });
    } catch {
      // fd 3 gone: the parent reports a crash from the exit code.
    }
    process.exit(1);
  },
);
