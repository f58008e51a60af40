// What an Arena job computes, wherever it runs (a worker thread, or the caller's when the Arena has no threads).
import { runRounds } from '../mars/battle.ts';
import { runTimedBattle } from '../mars/timed.ts';
import type { ArenaResult, ArenaTask } from './protocol.ts';

export function runArenaTask(task: ArenaTask): ArenaResult {
  if (task.kind === 'rounds') return runRounds(task.warriors, task.settings, task.span);
  const timed = runTimedBattle(task.warriors, task.settings, task.seed);
  return { score: timed.score, instructions: timed.instructions, timed };
}
