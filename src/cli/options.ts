import { KaizenError } from '../errors.ts';

// Option parsers and help strings used while the commands are registered. This module, like commands.ts, must stay
// cheap to load: every `kaizen` invocation imports it, even `kaizen --version`.

/** Help for `--db`/`--out` and their synonym `--store`. */
export const STORE_HELP = 'run store: a SQLite file (default: DIR/.kaizen/kaizen.db, or $KAIZEN_STORE) or postgres://USER@HOST:PORT/DB';

export function parseIntOption(name: string) {
  return (value: string): number => {
    // Number('') is 0 and Number('0x10') is 16: accept only decimal digits, and say so when nothing was given.
    if (value.trim() === '') throw new KaizenError(`${name} is empty: give an integer`);
    if (!/^[+-]?\d+$/.test(value.trim())) throw new KaizenError(`${name} must be an integer (decimal digits), got "${value}"`);
    return Number(value);
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
