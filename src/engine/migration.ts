import type { Population } from '../population/population.ts';
import type { ProgramRow } from '../store/store.ts';
import type { NoveltyFilter } from './novelty.ts';
import type { Recorder } from './record.ts';
import { memberOf } from './restore.ts';

/**
 * Copies between islands, recorded as such (not re-evaluated): the initial program onto every island, and every
 * `islands.migrationInterval` evaluations the population's planned migrants.
 */
export class Migration {
  private readonly population: Population;
  private readonly recorder: Recorder;
  private readonly novelty: NoveltyFilter;

  constructor(population: Population, recorder: Recorder, novelty: NoveltyFilter) {
    this.population = population;
    this.recorder = recorder;
    this.novelty = novelty;
  }

  async seedIslands(seed: ProgramRow): Promise<void> {
    for (let island = 1; island < this.population.islandCount; island++) await this.copy(seed, island, 'island.seeded');
  }

  async migrate(): Promise<void> {
    for (const m of this.population.planMigration()) await this.copy(this.recorder.get(m.member.id), m.to, 'migration');
  }

  private async copy(source: ProgramRow, island: number, why: 'island.seeded' | 'migration'): Promise<void> {
    const row = await this.recorder.copy(source, island, why);
    this.population.add(memberOf(row));
    // The copy's code is its source's: the source's embedding stands for it.
    const vector = this.novelty.vectorOf(source.id) ?? (await this.novelty.embed(row.code)).vector;
    this.novelty.remember(row.id, island, vector);
  }
}
