export { ProcessSandbox, type ProcessSandboxOptions } from './process.ts';
export * from './types.ts';
