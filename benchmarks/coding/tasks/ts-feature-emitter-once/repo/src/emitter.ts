// A typed event emitter for the editor's plugin API.

export type Listener<A extends unknown[]> = (...args: A) => void;

interface Entry {
  fn: (...args: any[]) => void;
  original?: (...args: any[]) => void; // set when `fn` wraps a listener the caller knows about
}

export class Emitter<Events extends Record<string, unknown[]>> {
  #listeners = new Map<keyof Events, Entry[]>();

  #add<K extends keyof Events>(event: K, entry: Entry): () => void {
    const list = this.#listeners.get(event) ?? [];
    list.push(entry);
    this.#listeners.set(event, list);
    return () => this.#remove(event, entry);
  }

  #remove(event: keyof Events, entry: Entry): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#listeners.delete(event);
  }

  // Registers a listener; returns a function that unregisters it.
  on<K extends keyof Events>(event: K, fn: Listener<Events[K]>): () => void {
    return this.#add(event, { fn });
  }

  // Removes the earliest registration of `fn` for the event, if any.
  off<K extends keyof Events>(event: K, fn: Listener<Events[K]>): void {
    const entry = this.#listeners.get(event)?.find((e) => e.fn === fn);
    if (entry) this.#remove(event, entry);
  }

  // Calls the listeners registered when the emit starts, in registration order. Returns whether there were any.
  emit<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    const list = this.#listeners.get(event);
    if (!list || list.length === 0) return false;
    for (const entry of [...list]) entry.fn(...args);
    return true;
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  removeAll(event?: keyof Events): void {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
  }

  eventNames(): (keyof Events)[] {
    return [...this.#listeners.keys()];
  }
}
