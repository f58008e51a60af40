// The part of the WebAssembly JS API that state.ts uses. Node has it as a global, but its type
// definitions live in TypeScript's DOM library, which this project (a Node program) does not load.
declare namespace WebAssembly {
  interface ModuleEntry {
    module?: string;
    name: string;
    kind: string;
  }
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): ModuleEntry[];
    static exports(module: Module): ModuleEntry[];
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
