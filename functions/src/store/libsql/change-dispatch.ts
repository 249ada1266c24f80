/** The store's change listeners, called after each commit in commit order. */
import type { ChangeListener, DocChange } from '../docstore.js';

export type ListenerErrorHandler = (error: unknown, change: DocChange) => void;

const reportToConsole: ListenerErrorHandler = (error, change) =>
  console.error(`DocStore change listener failed for ${change.path}:`, error);

export class ChangeDispatcher {
  private readonly listeners = new Set<ChangeListener>();

  /** `onListenerError` gets what a listener throws (the write itself has committed); defaults to the console. */
  constructor(private readonly onListenerError: ListenerErrorHandler = reportToConsole) {}

  /** Adds a listener; returns what removes it. */
  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls the listeners synchronously (so calls are in commit order); resolves when they settle. */
  dispatch(changes: DocChange[]): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          const result = listener(change);
          if (result) pending.push(Promise.resolve(result).catch((error: unknown) => this.onListenerError(error, change)));
        } catch (error) {
          this.onListenerError(error, change);
        }
      }
    }
    return Promise.all(pending).then(() => undefined);
  }
}
