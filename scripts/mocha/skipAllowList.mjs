// @ts-check
// Mocha runs every phase with --forbid-pending: a skipped test fails with "Pending test forbidden".
// This module reads test/skipAllowList.json and turns those failures into counted skips for the
// tests listed there, and only while the entry's condition holds on this machine. Any other skip
// stays a failure, so "N passed" never silently means "N passed, some quietly not run".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../vscode/proc.mjs';

/** The failure message mocha gives a skipped test under --forbid-pending. */
export const FORBIDDEN_SKIP = 'Pending test forbidden';

/** The conditions an allow-list entry may name: each a check of this machine, with why it matters. */
export const CONDITIONS = {
  /** root reads every file whatever its permissions. */
  'running as root': () => typeof process.getuid === 'function' && process.getuid() === 0,
  'not Linux': () => process.platform !== 'linux',
};

/**
 * @typedef {{ test: string, condition: keyof typeof CONDITIONS, reason: string }} AllowedSkip
 * @typedef {{ title: string, message: string, group?: string }} Failure
 */

/** @returns {AllowedSkip[]} */
export function readSkipAllowList(file = join(repoRoot, 'test', 'skipAllowList.json')) {
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  const skips = Array.isArray(parsed.skips) ? parsed.skips : [];
  for (const entry of skips) {
    if (typeof entry.test !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim() === '' || !(entry.condition in CONDITIONS)) {
      throw new Error(`${file}: every entry needs test, a reason and a condition out of: ${Object.keys(CONDITIONS).join(', ')}`);
    }
  }
  return skips;
}

/**
 * Splits a phase's failures into real failures and allowed skips.
 * @param {Failure[]} failures
 * @param {AllowedSkip[]} allowList
 * @returns {{ failures: Failure[], skipped: Failure[] }} failures: what still fails, with a skip that is
 *   not allowed reworded to say so; skipped: the allowed skips, message replaced by the entry's reason
 */
export function applySkipAllowList(failures, allowList) {
  /** @type {Failure[]} */
  const remaining = [];
  /** @type {Failure[]} */
  const skipped = [];
  for (const failure of failures) {
    if (failure.message !== FORBIDDEN_SKIP) {
      remaining.push(failure);
      continue;
    }
    const entry = allowList.find((candidate) => candidate.test === failure.title);
    if (entry && CONDITIONS[entry.condition]()) skipped.push({ ...failure, message: `${entry.condition}: ${entry.reason}` });
    else {
      const why = entry ? `its allow-list condition "${entry.condition}" does not hold here` : 'it is not in test/skipAllowList.json';
      remaining.push({ ...failure, message: `skipped, and ${why}` });
    }
  }
  return { failures: remaining, skipped };
}
