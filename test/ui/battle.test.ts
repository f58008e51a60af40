import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/corewar/assembler/index.ts';
import { runRounds } from '../../src/corewar/mars/battle.ts';
import { replayRound } from '../../src/server/battle.ts';
import { hillSettings } from '../../src/tasks/corewar.ts';
import { REPO } from '../support/tmp.ts';

const warrior = (name: string) => readFileSync(join(REPO, 'examples', 'corewar-nano', 'opponents', `${name}.red`), 'utf8');

describe('the battle replay', () => {
  it('ends each round as the battle itself does', () => {
    const sources = [
      { id: 1, code: warrior('stone') },
      { id: 2, code: warrior('paper') },
    ];
    const settings = hillSettings('nano', 1);
    const ws = sources.map((s) => {
      const r = assemble(s.code, settings);
      if (!r.ok) throw new Error('does not assemble');
      return r.warrior;
    });
    for (let round = 0; round < 6; round++) {
      const replay = replayRound(sources, 'nano', round, 1);
      const raw = runRounds(ws, hillSettings('nano', round + 1), { seed: 1, firstRound: round, rounds: 1 });
      // score counters: [w0 alone, w0 with 2 alive, w0 died, w1 alone, w1 with 2, w1 died]
      const survived = [raw.score[0] + raw.score[1] > 0, raw.score[3] + raw.score[4] > 0];
      expect(replay.alive).toEqual(survived);
      expect(replay.initial.filter((o) => o === 0)).toHaveLength(ws[0].instructions.length);
      expect(replay.steps.length).toBeGreaterThan(0);
    }
  });
});
