// Plain-text time reports: one line per task, then a total.
import * as units from './units.js';

export function reportLines(entries) {
  const width = Math.max(5, ...entries.map((e) => e.task.length));
  const lines = [];
  for (const e of [...entries, { task: 'total', seconds: units.sumSeconds(entries) }]) {
    lines.push(`${e.task.padEnd(width)}  ${units.formatDuration(e.seconds)}`);
  }
  return lines;
}

export function longestTask(entries) {
  if (entries.length === 0) return null;
  return entries.reduce((a, b) => (b.seconds > a.seconds ? b : a)).task;
}
