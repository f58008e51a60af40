// The MARS: a pMARS 0.9.4-exact simulator.
//   runBattle(warriors, settings, { fixedPosition | checksumSeed | seed, permutate }) -> results
//   formatResults(result)                      -> pMARS `-b` text
//   new Mars(warriors, settings, { trackOwners }) + startRound(positions, starter) + step()/runRound()
//                                              -> one round, step by step, for replays/dashboards
// Files: encoding (cell packing), state (the layout, in the hot loop's WebAssembly memory), execute (the hot
// loop's entry; the loop is wasm/execute.ts, AssemblyScript compiled to wasm/execute.wasm and, for cores above
// 65,536 cells, wasm/execute-wide.wasm), mars (rounds),
// plan + rng (placement), battle (battles and scoring).
export {
  type BattleOptions,
  type BattleResult,
  canSplitRounds,
  defaultScoreFormula,
  formatKoth,
  formatResults,
  initialSeed,
  type RawScores,
  type RoundSpan,
  runBattle,
  runRounds,
  summarizeScores,
  validateSettings,
  type WarriorResult,
} from './battle.ts';
export { packInstruction, pmarsChecksum, unpackWord } from './encoding.ts';
export { execute } from './execute.ts';
export { assignPSpaces, type LoadedWarrior, loadWarrior, Mars, type MarsOptions, type StepEvent } from './mars.ts';
export { permutationRounds, RoundPlan } from './plan.ts';
export { npos, placeTwo, placeWarriors, posit, rng, type SeedBox } from './rng.ts';
export { MarsState } from './state.ts';
