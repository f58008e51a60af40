// Messages between the Arena and its workers.
import type { MarsSettings, Warrior } from '../types.ts';
import type { RoundSpan } from '../mars/battle.ts';

export interface ArenaTask {
  id: number;
  warriors: Warrior[];
  settings: MarsSettings;
  span: RoundSpan;
}

export type ArenaReply = { id: number; ok: true; score: Int32Array; instructions: number } | { id: number; ok: false; error: string };
