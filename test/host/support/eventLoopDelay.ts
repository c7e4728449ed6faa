import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Responsiveness<T> {
  readonly result: T;
  /** 99th percentile and maximum of the extension host's event-loop delay during the run, in ms. */
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Runs `work` once while sampling the event-loop delay of this extension host (every 10 ms). */
export async function measureEventLoopDelay<T>(work: () => Promise<T>): Promise<Responsiveness<T>> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const result = await work();
    return { result, p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

/**
 * What "the extension host stays responsive during a workspace scan" means in the host tests, with
 * limits that hold on the first run on a shared 2-core machine under load: there the whole process
 * is descheduled for up to a few hundred ms at a time (measured: p99 302 ms, max 313 ms during a
 * 2.5 s scan at load average 15), which the monitor cannot tell from our code blocking the loop.
 * A scan on the extension host's own thread blocks it for the whole scan (seconds), which these
 * limits catch. The tight figures are benchmark figures (npm run bench:host), not test limits.
 */
export const RESPONSIVE = { p99Ms: 500, maxMs: 1500 } as const;
