import { availableParallelism, cpus, totalmem } from 'node:os';

/** The machine a run's figures were measured on: CPU times and time limits mean little without it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export function machineInfo(): Machine {
  return {
    cpu: cpus()[0]?.model?.trim() || 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
