// Monthly sales reports.
function parseIsoDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw new SyntaxError(`expected YYYY-MM-DD, got "${text}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new RangeError(`no such date: ${text}`);
  }
  return date;
}

export interface Sale {
  date: string; // YYYY-MM-DD
  amount: number;
}

// Totals per month ("YYYY-MM"), months in ascending order.
export function monthlyTotals(sales: Sale[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const s of sales) {
    const month = parseIsoDate(s.date).toISOString().slice(0, 7);
    totals.set(month, (totals.get(month) ?? 0) + s.amount);
  }
  return [...totals].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export function salesBetween(sales: Sale[], from: string, to: string): Sale[] {
  const lo = parseIsoDate(from).getTime();
  const hi = parseIsoDate(to).getTime();
  return sales.filter((s) => {
    const t = parseIsoDate(s.date).getTime();
    return t >= lo && t <= hi;
  });
}
