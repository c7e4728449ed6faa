/**
 * Most findings one file reports. A file past it is not a leak to review key by key (VS Code shows
 * at most 1,000 diagnostics a file too): the scan stops there and says the list is cut short, so a
 * file made of keys costs no more than a file with a thousand of them.
 */
export const MAX_FINDINGS_PER_FILE = 1000;

/** Thrown out of a scan that ran past its deadline (`ScanOptions.deadline`). */
export class ScanBudgetExceeded extends Error {
  constructor(readonly budgetMs: number | undefined) {
    super(budgetMs === undefined ? 'scan ran past its deadline' : `scan took longer than ${budgetMs} ms`);
    this.name = 'ScanBudgetExceeded';
  }
}

/** Throws `ScanBudgetExceeded` once `deadline` (a `performance.now()` time) has passed. */
export function checkDeadline(deadline: number | undefined): void {
  if (deadline !== undefined && performance.now() > deadline) throw new ScanBudgetExceeded(undefined);
}

/** A deadline `budgetMs` from now, or none. */
export function deadlineAfter(budgetMs: number | undefined): number | undefined {
  return budgetMs === undefined ? undefined : performance.now() + budgetMs;
}
