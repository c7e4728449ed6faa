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
 * limits that hold on the first run on a shared 2-core machine: there the whole process can be
 * descheduled for a few hundred ms, which the monitor cannot tell from our code blocking the loop.
 * A single such stall is one sample, so the p99 stays low; the maximum allows it, but not a scan
 * that blocks the loop for a second. The tight figures are benchmark figures (npm run bench:host).
 */
export const RESPONSIVE = { p99Ms: 100, maxMs: 1000 } as const;
