// Worker thread: runs round spans of battles for the Arena.
import { parentPort } from 'node:worker_threads';
import { runRounds } from '../mars/battle.ts';
import type { ArenaReply, ArenaTask } from './protocol.ts';

parentPort?.on('message', (task: ArenaTask) => {
  let reply: ArenaReply;
  try {
    const raw = runRounds(task.warriors, task.settings, task.span);
    reply = { id: task.id, ok: true, score: raw.score, instructions: raw.instructions };
  } catch (e) {
    reply = { id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
