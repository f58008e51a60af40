// Command-pattern undo/redo history for an editor.

export interface Command {
  label: string;
  apply(): void;
  revert(): void;
}

export class UndoStack {
  #done: Command[] = [];
  #undone: Command[] = [];
  #limit: number;
  #group: { label: string; commands: Command[] } | null = null;

  constructor(limit = 100) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    this.#limit = limit;
  }

  // Applies the command and makes it the most recent undo step.
  execute(command: Command): void {
    command.apply();
    this.#record(command);
  }

  #record(command: Command): void {
    if (this.#group) {
      this.#group.commands.push(command);
      return;
    }
    this.#done.push(command);
    if (this.#done.length > this.#limit) this.#done.shift();
    this.#undone = [];
  }

  get canUndo(): boolean {
    return this.#done.length > 0;
  }

  get canRedo(): boolean {
    return this.#undone.length > 0;
  }

  undo(): string | undefined {
    const command = this.#done.pop();
    if (!command) return undefined;
    command.revert();
    this.#undone.push(command);
    return command.label;
  }

  redo(): string | undefined {
    const command = this.#undone.pop();
    if (!command) return undefined;
    command.apply();
    this.#done.push(command);
    return command.label;
  }

  // Labels of the undo steps, most recent last.
  labels(): string[] {
    return this.#done.map((c) => c.label);
  }

  beginGroup(label: string): void {
    this.#group = { label, commands: [] };
  }

  endGroup(): void {
    const group = this.#group;
    if (!group) throw new Error('no group is open');
    this.#group = null;
    const commands = group.commands;
    this.#record({
      label: group.label,
      apply: () => commands.forEach((c) => c.apply()),
      revert: () => [...commands].reverse().forEach((c) => c.revert()),
    });
  }

  clear(): void {
    this.#done = [];
    this.#undone = [];
  }
}

// A command that sets a property and restores the old value on undo.
export function setProperty<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): Command {
  const old = target[key];
  return {
    label: `set ${String(key)}`,
    apply: () => {
      target[key] = value;
    },
    revert: () => {
      target[key] = old;
    },
  };
}
