/** What subscribing returns: call `dispose` to stop listening (a `vscode.Disposable` fits). */
export interface Subscription {
  dispose(): void;
}

/** Subscribes a listener to a change; the shape of `vscode.Event` without its extra arguments. */
export type ChangeEvent<T> = (listener: (change: T) => void) => Subscription;

/**
 * A change event for the core, which cannot use `vscode.EventEmitter`. A listener that throws is
 * skipped, never allowed to stop the others or the write that fired the event.
 */
export class ChangeEmitter<T = void> {
  private readonly listeners = new Set<(change: T) => void>();

  readonly event: ChangeEvent<T> = (listener) => {
    // Wrapped, so the same function subscribed twice is two subscriptions.
    const entry = (change: T): void => listener(change);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  };

  fire(change: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the change has happened either way.
      }
    }
  }
}
