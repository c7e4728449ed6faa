/**
 * Runs async work one piece at a time, in call order. Secret storage has no transactions, so every
 * read-modify-write of a stored list goes through one of these.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    // A failed piece must not block the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
