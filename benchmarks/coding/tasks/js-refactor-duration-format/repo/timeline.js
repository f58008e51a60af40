// Labels for a timeline of consecutive work sessions. Times are seconds since the start of the day.
import * as units from './units.js';

export function clock(seconds) {
  const s = Math.floor(seconds);
  return `${units.pad2(Math.floor(s / 3600) % 24)}:${units.pad2(Math.floor((s % 3600) / 60))}`;
}

export function sessionLabels(sessions) {
  return sessions.map(({ start, end, name }) => {
    let s = Math.round(end - start);
    const sign = s < 0 ? '-' : '';
    s = Math.abs(s);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    let length;
    if (h > 0) length = `${sign}${h}h ${units.pad2(m)}m ${units.pad2(sec)}s`;
    else if (m > 0) length = `${sign}${m}m ${units.pad2(sec)}s`;
    else length = `${sign}${sec}s`;
    return `${clock(start)}-${clock(end)} ${name} [${length}]`;
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
