// The hot loop's entry: executes up to `maxSteps` instructions of the current round, pMARS 0.9.4 exact.
// The loop itself is wasm/execute.ts (AssemblyScript, compiled by `npm run build:wasm` to execute.wasm and, for cores
// above 65,536 cells, execute-wide.wasm);
// it works in the state's own WebAssembly memory, so a call copies nothing.
import type { MarsState } from './state.ts';

/** Runs until the round ends or `maxSteps` instructions were executed; returns the count executed. */
export function execute(s: MarsState, maxSteps: number): number {
  return s.run(maxSteps);
}
