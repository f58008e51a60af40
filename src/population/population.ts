import type { KaizenConfig } from '../config/config.ts';
import type { ObjectiveSpec } from '../config/task.ts';
import type { Rng } from '../util/rng.ts';
import { MapElitesGrid } from './map-elites.ts';
import type { Member } from './member.ts';
import { selectMember } from './selection.ts';

export interface Migration {
  from: number;
  to: number;
  member: Member;
}

/**
 * The evolving population: islands of programs, a global archive of the best correct programs, and an optional
 * MAP-Elites grid. It holds no state that the store does not: a resumed run rebuilds it by replaying `add`.
 */
export class Population {
  private readonly config: KaizenConfig;
  private readonly members = new Map<number, Member>();
  private readonly islands: Member[][];
  readonly grid: MapElitesGrid | null;

  private readonly objectives: readonly ObjectiveSpec[];

  /** `objectives`: a multi-objective task's, for the `pareto` selection strategy. */
  constructor(config: KaizenConfig, objectives: readonly ObjectiveSpec[] = []) {
    this.config = config;
    this.objectives = objectives;
    this.islands = Array.from({ length: config.islands.count }, () => []);
    this.grid = config.mapElites ? new MapElitesGrid(config.mapElites.features) : null;
  }

  get islandCount(): number {
    return this.islands.length;
  }

  add(member: Member): void {
    this.members.set(member.id, member);
    this.islands[member.island]?.push(member);
    this.grid?.offer(member);
  }

  get(id: number): Member | undefined {
    return this.members.get(id);
  }

  /** Counts a proposal against its parent (weighted selection prefers less-explored parents). */
  noteChild(parentId: number): void {
    const parent = this.members.get(parentId);
    if (parent) parent.children++;
  }

  island(i: number): readonly Member[] {
    return this.islands[i] ?? [];
  }

  /** The best correct programs across islands, one per distinct code, best first. */
  archive(): Member[] {
    const seen = new Set<string>();
    const out: Member[] = [];
    const sorted = [...this.members.values()].filter((m) => m.correct).sort((a, b) => b.score - a.score || a.id - b.id);
    for (const m of sorted) {
      if (seen.has(m.codeHash)) continue;
      seen.add(m.codeHash);
      out.push(m);
      if (out.length >= this.config.archive.size) break;
    }
    return out;
  }

  /**
   * Picks the parent of the next proposal on `island`: from the grid's elites with the configured probability,
   * else by the selection strategy among the island's correct programs (all its programs while none is correct).
   */
  selectParent(island: number, rng: Rng): Member {
    const elites = this.grid?.elites() ?? [];
    if (elites.length > 0 && rng.next() < (this.config.mapElites?.parentProbability ?? 0)) return rng.pick(elites);
    const pool = this.islands[island] ?? [];
    const correct = pool.filter((m) => m.correct);
    const candidates = correct.length > 0 ? correct : pool;
    if (candidates.length === 0) {
      const any = [...this.members.values()];
      if (any.length === 0) throw new Error('the population is empty: the initial program was not recorded');
      return rng.pick(any);
    }
    return selectMember(candidates, { ...this.config.selection, objectives: this.objectives }, rng);
  }

  /** Inspirations for a proposal: the best program, the next top-k of the archive, and random archive members. */
  inspirations(parent: Member, rng: Rng): Member[] {
    const archive = this.archive().filter((m) => m.codeHash !== parent.codeHash);
    if (archive.length === 0) return [];
    const chosen: Member[] = [archive[0]];
    chosen.push(...archive.slice(1, 1 + this.config.inspirations.topK));
    const rest = archive.filter((m) => !chosen.includes(m));
    chosen.push(...rng.sample(rest, this.config.inspirations.random));
    return chosen;
  }

  /** Ring migration: each island's best correct programs are copied to the next island, unless already there. */
  planMigration(): Migration[] {
    const n = this.islands.length;
    if (n < 2) return [];
    const plan: Migration[] = [];
    for (let from = 0; from < n; from++) {
      const to = (from + 1) % n;
      const present = new Set(this.islands[to].map((m) => m.codeHash));
      const best = this.islands[from]
        .filter((m) => m.correct)
        .sort((a, b) => b.score - a.score || a.id - b.id)
        .filter((m) => !present.has(m.codeHash))
        .slice(0, this.config.islands.migrants);
      for (const member of best) plan.push({ from, to, member });
    }
    return plan;
  }
}
