// Test support: a small parser of pMARS `-A` load files and the oracle data, so the MARS can be
// tested before (and independently of) the project's assembler.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Instruction, MarsSettings, Mode, Modifier, Opcode, Warrior } from '../../../src/corewar/types.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** /work/shared (the repository's sibling `shared` folder). */
export const SHARED = resolve(here, '../../../../shared');
/** The Core War data: $KAIZEN_COREWAR_DATA as for the benchmarks (bench/data.ts), else shared/corewar beside the checkout. */
const COREWAR = process.env.KAIZEN_COREWAR_DATA ? resolve(process.env.KAIZEN_COREWAR_DATA) : join(SHARED, 'corewar');
export const WARRIORS_DIR = join(COREWAR, 'warriors');
export const ORACLE_DIR = join(COREWAR, 'pmars-oracle');
export const haveOracle = existsSync(join(ORACLE_DIR, 'battles.jsonl'));

const LINE = /^\s*([A-Za-z]{3})\.([A-Za-z]{1,2})\s+([#$*@{<}>])\s*(-?\d+)\s*,\s*([#$*@{<}>])\s*(-?\d+)/;

/** Parses a pMARS load file (`ORG n`, `OPC.MOD m a, m b` lines, `PIN n`, `END`). */
export function parseLoad(text: string, name = 'Unknown', author = 'Anonymous'): Warrior {
  const instructions: Instruction[] = [];
  let start = 0;
  let pin: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*/, '').trim();
    if (!line) continue;
    const org = /^ORG\s+(-?\d+)/i.exec(line);
    if (org) {
      start = Number(org[1]);
      continue;
    }
    const p = /^PIN\s+(-?\d+)/i.exec(line);
    if (p) {
      pin = Number(p[1]);
      continue;
    }
    if (/^END\b/i.test(line)) break;
    const m = LINE.exec(line);
    if (!m) throw new Error(`bad load-file line: ${line}`);
    instructions.push({
      op: m[1].toUpperCase() as Opcode,
      mod: m[2].toUpperCase() as Modifier,
      aMode: m[3] as Mode,
      a: Number(m[4]),
      bMode: m[5] as Mode,
      b: Number(m[6]),
    });
  }
  return { name, author, strategy: '', instructions, start, pin, warnings: [] };
}

/** `;name` / `;author` from Redcode source, as pMARS prints them (defaults Unknown/Anonymous). */
export function sourceMeta(source: string): { name: string; author: string } {
  let name = 'Unknown';
  let author = 'Anonymous';
  for (const raw of source.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const n = /^\s*;\s*name\s?(.*)$/i.exec(line);
    if (n) name = n[1].replace(/^\s+/, '');
    const a = /^\s*;\s*author\s?(.*)$/i.exec(line);
    if (a) author = a[1].replace(/^\s+/, '');
  }
  return { name, author };
}

let loadFiles: Map<string, string> | null = null;

/** A warrior of assemble.jsonl (path relative to the warriors folder), with name/author. */
export function oracleWarrior(path: string): Warrior {
  if (!loadFiles) {
    loadFiles = new Map();
    for (const line of readFileSync(join(ORACLE_DIR, 'assemble.jsonl'), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as { file: string; rc: number; stdout: string };
      if (d.rc === 0) loadFiles.set(d.file, d.stdout);
    }
  }
  const text = loadFiles.get(path);
  if (text === undefined) throw new Error(`no load file for ${path}`);
  const meta = sourceMeta(readFileSync(join(WARRIORS_DIR, path), 'latin1'));
  return parseLoad(text, meta.name, meta.author);
}

export interface OracleBattle {
  w1: string;
  w2: string;
  cmd: string;
  rc: number;
  stdout: string;
}

export function oracleBattles(): OracleBattle[] {
  return readFileSync(join(ORACLE_DIR, 'battles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OracleBattle);
}

export const KOTH: MarsSettings = {
  coreSize: 8000,
  maxCycles: 80000,
  maxProcesses: 8000,
  maxLength: 100,
  minDistance: 100,
  rounds: 1,
  pSpaceSize: 500,
  warriors: 2,
};

/** Options of an oracle command line: rounds, -F position or -f. */
export function oracleOptions(cmd: string): { rounds: number; fixedPosition?: number; checksumSeed?: boolean } {
  const r = /-r (\d+)/.exec(cmd);
  const f = /-F (\d+)/.exec(cmd);
  return {
    rounds: r ? Number(r[1]) : 1,
    fixedPosition: f ? Number(f[1]) : undefined,
    checksumSeed: / -f( |$)/.test(cmd) || undefined,
  };
}
