// Invoices: due dates and late fees.
import { parseIsoDate } from './time.ts';

const DAY_MS = 86_400_000;

export interface Invoice {
  id: string;
  issued: string; // YYYY-MM-DD
  termsDays: number;
  amount: number; // cents
}

export function dueDate(invoice: Invoice): string {
  const issued = parseIsoDate(invoice.issued);
  return new Date(issued.getTime() + invoice.termsDays * DAY_MS).toISOString().slice(0, 10);
}

// 1.5% of the amount per started week past the due date, in whole cents.
export function lateFee(invoice: Invoice, today: string): number {
  const overdueDays = (parseIsoDate(today).getTime() - parseIsoDate(dueDate(invoice)).getTime()) / DAY_MS;
  if (overdueDays <= 0) return 0;
  return Math.round(invoice.amount * 0.015 * Math.ceil(overdueDays / 7));
}
