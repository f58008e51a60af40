// A small ledger. Amounts are integer cents; dates are day numbers (days since 1970-01-01) so that they compare and
// subtract as plain integers. A transaction is { day, amount, account, category, memo }.

export class LedgerError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Dates

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
export function dayNumber(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilDate(n) {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new LedgerError(`bad date ${text}`);
  const n = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  const back = civilDate(n);
  if (back.month !== Number(m[2]) || back.day !== Number(m[3])) throw new LedgerError(`no such date ${text}`);
  return n;
}

export function formatDay(n) {
  const { year, month, day } = civilDate(n);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing and formatting

// "2024-03-01 | -12.50 | groceries | checking | weekly shop"
export function parseTransaction(line) {
  const parts = line.split('|').map((p) => p.trim());
  if (parts.length < 4) throw new LedgerError(`expected date | amount | category | account: ${line}`);
  const [date, amount, category, account, memo = ''] = parts;
  const m = /^(-)?(\d+)(?:\.(\d{2}))?$/.exec(amount);
  if (!m) throw new LedgerError(`bad amount ${amount}`);
  const cents = Number(m[2]) * 100 + Number(m[3] ?? 0);
  return { day: parseDay(date), amount: m[1] ? -cents : cents, account, category, memo };
}

export function parseLedger(text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith(';'))
    .map(parseTransaction);
}

export function formatAmount(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Summaries

export function accounts(transactions) {
  return [...new Set(transactions.map((t) => t.account))].sort();
}

export function totalsBy(transactions, field) {
  const totals = new Map();
  for (const t of transactions) totals.set(t[field], (totals.get(t[field]) ?? 0) + t.amount);
  return totals;
}

// Totals per "YYYY-MM" month, months in order.
export function monthlyTotals(transactions, account) {
  const totals = new Map();
  for (const t of [...transactions].sort((a, b) => a.day - b.day)) {
    if (account !== undefined && t.account !== account) continue;
    const key = formatDay(t.day).slice(0, 7);
    totals.set(key, (totals.get(key) ?? 0) + t.amount);
  }
  return totals;
}

// The transactions of one account in date order (stable), each with the balance after it.
export function runningBalance(transactions, account) {
  let balance = 0;
  return transactions
    .filter((t) => t.account === account)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.day - b.t.day || a.i - b.i)
    .map(({ t }) => {
      balance += t.amount;
      return { ...t, balance };
    });
}

// Compares the ledger with a bank statement's closing balance; returns the difference (ledger - statement).
export function reconcile(transactions, account, day, statementCents) {
  const [balance] = balancesAt(transactions, account, [day]);
  return balance - statementCents;
}

// The days on which the account's balance was below zero at the end of the day.
export function overdrawnDays(transactions, account) {
  const out = [];
  const rows = runningBalance(transactions, account);
  for (let i = 0; i < rows.length; i++) {
    const last = i === rows.length - 1 || rows[i + 1].day !== rows[i].day;
    if (last && rows[i].balance < 0) out.push(rows[i].day);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Point-in-time balances

// For each day in days (any order), the account's balance at the end of that day.
export function balancesAt(transactions, account, days) {
  const own = transactions.filter((t) => t.account === account);
  const cache = new Map();
  return days.map((day) => {
    if (!cache.has(day)) {
      let balance = 0;
      for (const t of own) if (t.day <= day) balance += t.amount;
      cache.set(day, balance);
    }
    return cache.get(day);
  });
}

export function balanceOn(transactions, account, day) {
  return balancesAt(transactions, account, [day])[0];
}
