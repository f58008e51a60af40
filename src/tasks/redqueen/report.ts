// report.md and the per-round line, written only from the record (so a re-fought record gives the same text).
import { basename } from 'node:path';
import type { RedQueenRecord, RoundRecord } from './record.ts';
import { PMARS_MAX_WARRIORS } from './survival.ts';

const f4 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(4));

/** Says which earlier warrior a champion is identical to, if any. */
export function identityNote(r: RoundRecord): string {
  const notes: string[] = [];
  if (r.identical.start) notes.push(r.round === 1 ? 'identical to its start (the seed warrior)' : 'identical to its start');
  if (r.identical.champion !== null) notes.push(`identical to round ${r.identical.champion}'s champion`);
  return notes.join('; ');
}

/** Share of the held-out warriors the champion beats one-on-one, when there is a held-out set. */
export function generality(record: RedQueenRecord, r: RoundRecord): number | null {
  return record.probeKind === 'held-out' && r.probe.of ? r.probe.beaten / r.probe.of : null;
}

/** One line per round, as the CLI prints it. */
export function roundLine(record: RedQueenRecord, r: RoundRecord): string {
  const n = r.fitness.drq?.warriors.length;
  const parts = [`round ${r.round}: fitness ${f4(r.fitness.value)} (${n ? `drq, ${n} warriors, equal share ${f4(1 / n)}` : record.scoring})`];
  if (r.earlier.of) parts.push(`beats ${r.earlier.beaten}/${r.earlier.of} earlier champions`);
  const g = generality(record, r);
  if (g !== null) parts.push(`held-out ${f4(r.probe.score)}, beats ${r.probe.beaten}/${r.probe.of} (generality ${(100 * g).toFixed(1)}%)`);
  if (r.similarity) parts.push(`similarity to round ${r.round - 1}: cosine ${f4(r.similarity.cosine)}, Spearman ${f4(r.similarity.spearman)}`);
  const same = identityNote(r);
  if (same) parts.push(same);
  parts.push(`champion ${r.champion.file}`);
  return parts.join('; ');
}

function settingsText(record: RedQueenRecord): string {
  const s = record.settings;
  const mars = `core ${s.coreSize}, ${s.maxCycles} cycles, ${s.maxProcesses} processes, length ${s.maxLength}, distance ${s.minDistance}`;
  const hill = typeof record.hill === 'string' ? `hill ${record.hill}` : `hill ${JSON.stringify(record.hill)}`;
  const scoring =
    record.scoring === 'drq'
      ? `DRQ scoring: each candidate fights the initial opponents and every earlier champion at once, in one free-for-all of ` +
        `${s.rounds} rounds placed by pMARS's multi-warrior placement (warrior 0 at 0, the rest at random at least ${s.minDistance} apart; ` +
        `pMARS fights at most ${PMARS_MAX_WARRIORS} warriors), and its fitness is its survival share: in each cycle the live warriors split one unit, ` +
        `the share is the candidate's part of the round's ${s.maxCycles} cycles (a sole survivor collects until the end), averaged over rounds ` +
        `(DRQ's fitness is N × this share); round r's free-for-all has ${1 + record.initial.length} + (r − 1) warriors (the candidate, the initial opponents, the earlier champions)`
      : `pairwise scoring: each candidate fights the initial opponents and every earlier champion one-on-one, ${s.rounds} rounds each, ` +
        'and its fitness is the mean pMARS score, points / (3 × rounds)';
  return `${hill} (${mars}); ${record.budget} samples per round; ${scoring}. Placement seed ${record.seed} (probe battles ${record.probeSeed}).`;
}

export function redQueenReport(record: RedQueenRecord): string {
  const names = (refs: { file: string }[]) => refs.map((r) => basename(r.file)).join(', ') || 'none';
  const probe = record.probeKind === 'held-out' ? 'held-out' : 'probe (initial)';
  const lines = [
    '# Red Queen report',
    '',
    `${settingsText(record)}`,
    '',
    `Initial opponents: ${names(record.initial)}. ${record.probeKind === 'held-out' ? 'Held-out' : 'No held-out set; probe'} set ` +
      `(${record.probeSet.length} warriors, one-on-one, never fought during evolution${record.probeKind === 'held-out' ? '' : ' except as initial opponents'}): ` +
      `${record.probeSet.length > 12 ? `${record.probeSet.length} files` : names(record.probeSet)}.` +
      (record.skipped.length ? ` Left out, as they do not assemble under the hill: ${record.skipped.join('; ')}.` : ''),
    '',
    'Every figure comes from battles recorded in redqueen.json; `kaizen corewar redqueen --verify DIR` fights them again and compares. ' +
      '"Beats" = more rounds won than lost one-on-one; generality = share of the held-out warriors beaten; similarity = cosine and Spearman ' +
      "correlation of the champion's per-warrior scores on the probe set with the previous champion's.",
    '',
    `| round | fitness vs opponents | beats earlier champions | ${probe} score | ${probe} beaten | generality | cosine to previous | Spearman to previous | processes (log2) | coverage | notes |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...record.rounds.map((r) => {
      const g = generality(record, r);
      const notes = [identityNote(r)];
      if (r.evolutionScore !== null && r.evolutionScore !== r.fitness.value) notes.push(`the evolution recorded fitness ${f4(r.evolutionScore)}`);
      return (
        `| ${r.round} | ${f4(r.fitness.value)} | ${r.earlier.of ? `${r.earlier.beaten}/${r.earlier.of}` : '—'} | ` +
        `${f4(r.probe.score)} | ${r.probe.beaten}/${r.probe.of} | ${g === null ? '—' : `${(100 * g).toFixed(1)}%`} | ` +
        `${f4(r.similarity?.cosine)} | ${f4(r.similarity?.spearman)} | ${r.behaviour.processes_log2.toFixed(2)} | ${r.behaviour.coverage.toFixed(4)} | ` +
        `${notes.filter(Boolean).join('; ') || '—'} |`
      );
    }),
    '',
  ];
  return lines.join('\n');
}
