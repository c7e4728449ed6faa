/** Who asked for a full scan: the user (a command), or the extension itself (start-up, a key or setting change). */
export type ScanTrigger = 'user' | 'automatic';

interface RunningScan<T> {
  readonly trigger: ScanTrigger;
  readonly controller: AbortController;
  done: Promise<T>;
}

interface FollowUp<T, R> {
  request: R;
  readonly promise: Promise<T>;
  readonly resolve: (outcome: T | Promise<T>) => void;
}

/**
 * Runs full scans one at a time without ever cancelling one the user asked for:
 * - an automatic request while any scan runs is coalesced into one follow-up scan after it (the
 *   running scan may predate the change that prompted the request, so its results can be stale);
 * - a user request while a user scan runs joins it (same outcome; the file watcher covers edits);
 * - a user request while an automatic scan runs cancels that one and starts at once: the user is
 *   waiting for a summary, and a scan started now sees every change the automatic one was for, so
 *   it also stands for any follow-up already queued.
 * `R` is what a request carries to `run` (e.g. where to show progress).
 */
export class ScanScheduler<T, R> {
  private running: RunningScan<T> | undefined;
  private followUp: FollowUp<T, R> | undefined;

  /**
   * @param run performs one scan; it should stop early when `signal` aborts.
   * @param cancelledOutcome what waiters of a follow-up that `cancel` dropped resolve to.
   */
  constructor(
    private readonly run: (trigger: ScanTrigger, request: R, signal: AbortSignal) => Promise<T>,
    private readonly cancelledOutcome: () => T,
  ) {}

  /** True while a scan runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Asks for a scan; resolves to the outcome of the scan that serves the request. */
  request(trigger: ScanTrigger, request: R): Promise<T> {
    const running = this.running;
    if (running === undefined) return this.start(trigger, request);
    if (trigger === 'automatic') {
      if (this.followUp) {
        this.followUp.request = request;
        return this.followUp.promise;
      }
      let resolve: (outcome: T | Promise<T>) => void = () => undefined;
      const promise = new Promise<T>((settle) => {
        resolve = settle;
      });
      this.followUp = { request, promise, resolve };
      return promise;
    }
    if (running.trigger === 'user') return running.done;
    running.controller.abort();
    const started = this.start('user', request);
    const followUp = this.followUp;
    this.followUp = undefined;
    followUp?.resolve(started);
    return started;
  }

  /** Stops the running scan and drops a queued follow-up (e.g. the scanner was switched off). */
  cancel(): void {
    this.running?.controller.abort();
    const followUp = this.followUp;
    this.followUp = undefined;
    followUp?.resolve(this.cancelledOutcome());
  }

  private start(trigger: ScanTrigger, request: R): Promise<T> {
    const entry: RunningScan<T> = { trigger, controller: new AbortController(), done: Promise.resolve(this.cancelledOutcome()) };
    this.running = entry;
    const settled = (): void => {
      // A scan superseded by a user request is no longer `running`: the newer one starts follow-ups.
      if (this.running !== entry) return;
      this.running = undefined;
      const followUp = this.followUp;
      this.followUp = undefined;
      if (followUp) followUp.resolve(this.start('automatic', followUp.request));
    };
    entry.done = (async () => this.run(trigger, request, entry.controller.signal))();
    entry.done.then(settled, settled);
    return entry.done;
  }
}
