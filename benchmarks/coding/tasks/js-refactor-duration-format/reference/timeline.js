// Labels for a timeline of consecutive work sessions. Times are seconds since the start of the day.
import * as units from './units.js';

export function clock(seconds) {
  const s = Math.floor(seconds);
  return `${units.pad2(Math.floor(s / 3600) % 24)}:${units.pad2(Math.floor((s % 3600) / 60))}`;
}

export function sessionLabels(sessions) {
  return sessions.map(({ start, end, name }) => {
    return `${clock(start)}-${clock(end)} ${name} [${units.formatDuration(end - start)}]`;
  });
}

export function gaps(sessions) {
  const out = [];
  for (let i = 1; i < sessions.length; i++) {
    const gap = sessions[i].start - sessions[i - 1].end;
    if (gap > 0) out.push({ after: sessions[i - 1].name, seconds: gap });
  }
  return out;
}
