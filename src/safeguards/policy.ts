import type { TaskPolicy } from '../config/task.ts';
import { evolveRegions } from '../operators/evolve-blocks.ts';

export interface Violation {
  rule: string;
  /** The line of code that matched, for the record. */
  excerpt: string;
  line: number;
}

/**
 * Built-in shortcut rules per language: ways a candidate could reach around its judge or out of its sandbox
 * (environment, file system, processes, network, dynamic code). The sandbox blocks these too; the policy catches the
 * attempt before it runs and records it against the code that made it.
 */
const BUILTIN: Record<string, RegExp[]> = {
  javascript: [
    /\bprocess\s*\.\s*(env|binding|kill|exit|dlopen|_linkedBinding)\b/,
    /\brequire\s*\(/,
    /\bimport\s*\(/,
    /\bfrom\s+['"](node:)?(fs|child_process|net|http|https|dgram|worker_threads|vm|os|module|cluster|inspector)(\/[^'"]*)?['"]/,
    /\b(eval|Function)\s*\(/,
    /\bnew\s+Function\b/,
    /\bfetch\s*\(/,
    /\bglobalThis\s*\.\s*(process|require)\b/,
  ],
  python: [
    /^\s*(import|from)\s+(os|subprocess|socket|shutil|ctypes|multiprocessing|signal|pty|urllib|http|requests)\b/m,
    /\b(__import__|exec|eval|compile)\s*\(/,
    /\bopen\s*\(\s*['"]\//,
  ],
};
BUILTIN.typescript = BUILTIN.javascript;

function toRegExp(p: string | RegExp): RegExp {
  return typeof p === 'string' ? new RegExp(p) : p;
}

/** The rules in force for a task: its own patterns plus (unless it opts out) the built-ins of its language. */
export function policyRules(policy: TaskPolicy | undefined, language: string): RegExp[] {
  const own = (policy?.forbidden ?? []).map(toRegExp);
  const builtins = policy?.builtins === false ? [] : (BUILTIN[language] ?? []);
  return [...own, ...builtins];
}

/** Static check of the evolvable code (the frozen rest was written by the task's author and is trusted). */
export function checkPolicy(code: string, rules: readonly RegExp[]): Violation | null {
  if (rules.length === 0) return null;
  let regions: { start: number; end: number }[];
  try {
    regions = evolveRegions(code);
  } catch {
    regions = [{ start: 0, end: code.length }];
  }
  for (const r of regions) {
    const text = code.slice(r.start, r.end);
    for (const rule of rules) {
      const m = rule.exec(text);
      if (!m) continue;
      const offset = r.start + (m.index ?? 0);
      const line = code.slice(0, offset).split('\n').length;
      return { rule: String(rule), excerpt: (code.split('\n')[line - 1] ?? '').trim().slice(0, 200), line };
    }
  }
  return null;
}

/** Signs in a sandbox result that the candidate tried something it is not allowed to do (a dynamic violation). */
const DENIAL =
  /imports are not available in the isolate sandbox|ERR_ACCESS_DENIED|Access to this API has been restricted|EACCES|EPERM|ENETUNREACH|Operation not permitted|Permission denied|is not defined \(isolate\)/;

export function deniedInSandbox(text: string): string | null {
  const m = DENIAL.exec(text);
  return m ? m[0] : null;
}
