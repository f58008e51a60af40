export { type CreateSandboxOptions, createSandbox, RoutingSandbox, type SandboxBackend } from './create.ts';
export { IsolateSandbox, type IsolateSandboxOptions, isolateAvailable } from './isolate.ts';
export { ProcessSandbox, type ProcessSandboxOptions } from './process.ts';
export * from './types.ts';
