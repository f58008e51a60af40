// Public API of the Core War engine (pMARS 0.9.4-exact assembler + MARS).
export * from './types.ts';
export { type AssembleError, type AssembleResult, assemble, resolveSettings } from './assembler/index.ts';
export { formatLoadFile, parseLoadFile } from './loadfile.ts';
export * from './mars/index.ts';
export { Arena, type ArenaOptions, type Pairing } from './arena/index.ts';
export { type CliOutput, pmarsPSpaceSize, runPmarsCli } from './cli.ts';
export { assembleEntrant, type Entrant, formatHillTable, type HillOptions, type HillResult, hillJson, runHill } from './hill.ts';
