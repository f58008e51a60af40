import { KaizenError } from '../errors.ts';

// Option parsers and help strings used while the commands are registered. This module, like commands.ts, must stay
// cheap to load: every `kaizen` invocation imports it, even `kaizen --version`.

/** Help for `--db`/`--out` and their synonym `--store`. */
export const STORE_HELP = 'run store: a SQLite file (default: DIR/.kaizen/kaizen.db, or $KAIZEN_STORE) or postgres://USER@HOST:PORT/DB';

export function parseIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new KaizenError(`${name} must be an integer, got "${value}"`);
    return n;
  };
}

export function parseNumberOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new KaizenError(`${name} must be a number, got "${value}"`);
    return n;
  };
}

/** Commander reducer for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
