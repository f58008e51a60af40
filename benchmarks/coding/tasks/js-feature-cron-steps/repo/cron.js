// Five-field cron expressions: minute hour day-of-month month day-of-week (0 = Sunday).

export class CronError extends SyntaxError {}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'weekday', min: 0, max: 6 },
];

function toInt(text) {
  if (!/^\d+$/.test(text)) throw new CronError(`bad value ${text}`);
  return Number(text);
}

// '*' -> [min, max], '7' -> [7, 7], '1-5' -> [1, 5]
function partRange(part, min, max) {
  let range;
  if (part === '*') range = [min, max];
  else if (part.includes('-')) range = part.split('-').map(toInt);
  else range = [toInt(part), toInt(part)];
  if (range.length !== 2 || range[0] < min || range[1] > max || range[0] > range[1]) {
    throw new CronError(`${part} is outside ${min}-${max}`);
  }
  return range;
}

// Returns the sorted list of values a field matches.
export function parseField(text, min, max) {
  const values = new Set();
  for (const part of text.split(',')) {
    const [lo, hi] = partRange(part, min, max);
    for (let v = lo; v <= hi; v++) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

export function parseCron(expression) {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`expected 5 fields, got ${parts.length}`);
  const out = {};
  FIELDS.forEach((f, i) => {
    out[f.name] = parseField(parts[i], f.min, f.max);
  });
  return out;
}

// time: { minute, hour, day, month, weekday } as numbers.
export function matches(schedule, time) {
  return FIELDS.every((f) => schedule[f.name].includes(time[f.name]));
}

// The minutes of a day (0..1439) at which a schedule fires, ignoring the date fields.
export function minutesOfDay(schedule) {
  const out = [];
  for (const h of schedule.hour) for (const m of schedule.minute) out.push(h * 60 + m);
  return out;
}
