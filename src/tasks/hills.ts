import type { MarsSettings } from '../corewar/types.ts';

// Apart from tasks/corewar.ts so that `kaizen corewar redqueen --help` can list the hills without loading the arena.

/** Standard hills (pMARS flags -s -c -p -l -d). */
export const HILLS = {
  nano: { coreSize: 80, maxCycles: 800, maxProcesses: 80, maxLength: 5, minDistance: 5 },
  tiny: { coreSize: 800, maxCycles: 8000, maxProcesses: 800, maxLength: 20, minDistance: 20 },
  '94nop': { coreSize: 8000, maxCycles: 80000, maxProcesses: 8000, maxLength: 100, minDistance: 100 },
} as const satisfies Record<string, Partial<MarsSettings>>;
export type HillName = keyof typeof HILLS;
