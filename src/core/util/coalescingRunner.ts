/**
 * Runs one async job at a time and coalesces requests: a request made while the job runs joins it
 * and makes it run exactly once more afterwards, because the running pass may have read its inputs
 * before the change that prompted the request. Every caller's promise settles after a pass that
 * started after its request.
 */
export class CoalescingRunner {
  private running: Promise<void> | undefined;
  private runAgain = false;

  constructor(private readonly job: () => Promise<void>) {}

  /** Settles when no pass is running or due: after the pass that answers every request made so far. */
  whenIdle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  run(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.runAgain = false;
          await this.job();
        } while (this.runAgain);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
