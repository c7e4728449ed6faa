import type { Parameters } from 'fast-check';

/**
 * Fuzz settings shared by the property suites. `npm test` runs them with a fixed seed and a bounded
 * number of runs, so a failure reproduces exactly; `npm run fuzz` multiplies the runs
 * (PALETTE_FUZZ_SCALE) and, unless PALETTE_FUZZ_SEED is set, draws a fresh seed it prints first.
 */
export const FUZZ_SCALE = Math.max(1, Number(process.env.PALETTE_FUZZ_SCALE ?? 1) || 1);
export const FUZZ_SEED = process.env.PALETTE_FUZZ_SEED !== undefined
  ? Number(process.env.PALETTE_FUZZ_SEED)
  : FUZZ_SCALE > 1 ? Math.floor(Math.random() * 2 ** 31) : 20_261_202;

let announced = false;

/** fast-check parameters for a property run `baseRuns` times in `npm test`. */
export function fuzzParameters<T>(baseRuns: number): Parameters<T> {
  if (!announced && FUZZ_SCALE > 1) {
    announced = true;
    console.log(`[fuzz] seed ${FUZZ_SEED}, runs x${FUZZ_SCALE} (PALETTE_FUZZ_SEED=${FUZZ_SEED} reproduces this run)`);
  }
  return { seed: FUZZ_SEED, numRuns: baseRuns * FUZZ_SCALE, endOnFailure: true };
}

/** Mocha timeout for a fuzz suite: generous, and growing with the number of runs. */
export function fuzzTimeoutMs(baseMs: number): number {
  return baseMs * FUZZ_SCALE;
}
