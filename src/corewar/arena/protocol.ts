// Messages between the Arena and its workers: a span of a battle's rounds (pMARS scores), or a whole battle with
// every death timed (mars/timed.ts).
import type { RoundSpan } from '../mars/battle.ts';
import type { TimedBattle } from '../mars/timed.ts';
import type { MarsSettings, Warrior } from '../types.ts';

export type ArenaTask =
  | { kind: 'rounds'; id: number; warriors: Warrior[]; settings: MarsSettings; span: RoundSpan }
  | { kind: 'timed'; id: number; warriors: Warrior[]; settings: MarsSettings; seed: number };

export type ArenaResult = { score: Int32Array; instructions: number; timed?: TimedBattle };

export type ArenaReply = ({ id: number; ok: true } & ArenaResult) | { id: number; ok: false; error: string };
