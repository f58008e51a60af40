/** What the population knows of one program: enough to select, archive and migrate it. */
export interface Member {
  id: number;
  island: number;
  /** Higher is better; -Infinity for programs that failed or were judged incorrect. */
  score: number;
  correct: boolean;
  generation: number;
  codeHash: string;
  children: number;
  features?: Record<string, number>;
  /** Multi-objective tasks: the objective values by name. */
  objectives?: Record<string, number>;
}
