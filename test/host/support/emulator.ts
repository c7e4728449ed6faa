/** What the runner's `--emulator` option hands to the suites (the emulator's READY line). */
export interface TestEmulator {
  /** Base URL of the running Palette emulator, e.g. http://127.0.0.1:41234 */
  url: string;
  /** An API key of a tenant admin (test-only value made up by the emulator). */
  adminKey: string;
  /** An API key of an ordinary user. */
  userKey: string;
  /** Anything else the emulator announced. */
  [extra: string]: unknown;
}

/**
 * The emulator started by `hostRunner --emulator`, from env PALETTE_TEST_EMULATOR;
 * undefined when the suite runs without one (e.g. under test-electron).
 */
export function emulatorFromEnv(): TestEmulator | undefined {
  const raw = process.env.PALETTE_TEST_EMULATOR;
  if (!raw) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('PALETTE_TEST_EMULATOR is not a JSON object');
  const info = parsed as Record<string, unknown>;
  for (const field of ['url', 'adminKey', 'userKey']) {
    // Name the field only: the value may be a key.
    if (typeof info[field] !== 'string') throw new Error(`PALETTE_TEST_EMULATOR lacks string field "${field}"`);
  }
  return info as TestEmulator;
}

/** Like emulatorFromEnv, but a suite that needs the emulator calls this in `before` and is skipped without one. */
export function requireEmulator(context: Mocha.Context): TestEmulator {
  const emulator = emulatorFromEnv();
  if (!emulator) {
    console.log('[support] no emulator (run the host tests with --emulator): skipping');
    context.skip();
  }
  return emulator as TestEmulator;
}
