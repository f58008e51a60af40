// A champion's file: the evolved code under its own ;name and with ;assert lines for the hill it was evolved on.
import type { MarsSettings, Warrior } from '../../corewar/types.ts';

/** The ;assert line of a hill: pMARS refuses to load the warrior under other settings. */
export function assertLine(settings: MarsSettings): string {
  return (
    `;assert CORESIZE==${settings.coreSize} && MAXLENGTH==${settings.maxLength} && MAXCYCLES==${settings.maxCycles} && ` +
    `MAXPROCESSES==${settings.maxProcesses} && MINDISTANCE==${settings.minDistance}`
  );
}

export const championName = (round: number): string => `redqueen round ${round} champion`;

/**
 * The champion's source: `code` with its ;name lines replaced by `;name redqueen round R champion` and the hill's
 * ;assert line added, both after the ;redcode line (pMARS ignores what comes before it). Everything else is kept, so
 * it assembles to the same instructions; applied to an earlier champion's file it replaces that header.
 */
export function championSource(code: string, round: number, settings: MarsSettings): string {
  const assert = assertLine(settings);
  const lines = code.split('\n').filter((l) => !/^\s*;name\b/i.test(l) && l.trim() !== assert);
  const at = lines.findIndex((l) => /^\s*;redcode/i.test(l)) + 1; // 0 when there is no ;redcode line
  lines.splice(at, 0, `;name ${championName(round)}`, assert);
  return lines.join('\n');
}

/** What a warrior is in the core (instructions, start, PIN): equal keys fight identically. */
export function warriorKey(w: Warrior): string {
  return JSON.stringify([w.instructions, w.start, w.pin]);
}
