// Plain-text time reports: one line per task, then a total.
import * as units from './units.js';

export function reportLines(entries) {
  const width = Math.max(5, ...entries.map((e) => e.task.length));
  const lines = [];
  for (const e of [...entries, { task: 'total', seconds: units.sumSeconds(entries) }]) {
    let s = Math.round(e.seconds);
    const sign = s < 0 ? '-' : '';
    s = Math.abs(s);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    let text;
    if (h > 0) text = `${sign}${h}h ${units.pad2(m)}m ${units.pad2(sec)}s`;
    else if (m > 0) text = `${sign}${m}m ${units.pad2(sec)}s`;
    else text = `${sign}${sec}s`;
    lines.push(`${e.task.padEnd(width)}  ${text}`);
  }
  return lines;
}

export function longestTask(entries) {
  if (entries.length === 0) return null;
  return entries.reduce((a, b) => (b.seconds > a.seconds ? b : a)).task;
}
