import { appendFileSync, chmodSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SeededUserCredentials } from './seed';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';

/** Prefix of the one machine-readable line other tooling waits for; keep it exact. */
export const READY_PREFIX = 'PALETTE_EMULATOR_READY';

const USAGE = `Usage: palette-emulator [options]

A local Palette API emulator for tests and demos. Local use only: its /__emulator/* control
endpoints need no credentials, so never expose it beyond this machine.

  --port N            port (0 = a free one; default 8787)
  --host HOST         interface to listen on (default 127.0.0.1)
  --admin-key KEY     fixed value for the seeded tenant admin's API key
  --user-key KEY      fixed value for the first seeded user's API key
  --seed FILE         start from this seed file instead of the built-in "Demo Org"
  --state FILE        save the state here after every change (and resume from it when it exists)
  --tls-cert FILE     PEM certificate; with --tls-key, serve HTTPS
  --tls-key FILE      PEM private key
  --cors-origin ORIGIN
                      answer cross-origin requests from ORIGIN (repeatable; * for any), as a
                      Palette host must for VS Code for the Web (e.g. http://127.0.0.1:8080)
  --token-ttl SECONDS lifetime of JWTs from /v1/auth/authenticate (default 900)
  --record-issued-values FILE
                      local tests only: append every secret the emulator hands out (seeded
                      passwords and keys at start, then each created key value) to FILE, one a
                      line, so a test can search logs and storage for all of them
  --help              show this help
`;

interface CliOptions extends EmulatorOptions {
  recordIssuedValuesFile?: string;
}

function parseOptions(argv: string[]): CliOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'admin-key': { type: 'string' }, 'user-key': { type: 'string' },
      seed: { type: 'string' }, state: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
      'token-ttl': { type: 'string' }, 'record-issued-values': { type: 'string' }, help: { type: 'boolean' },
      'cors-origin': { type: 'string', multiple: true },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const port = integerOption('--port', values.port ?? '8787', 0, 65535);
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new Error('--tls-cert and --tls-key go together');
  return {
    port,
    host: values.host ?? '127.0.0.1',
    ...(values['admin-key'] !== undefined ? { adminKey: values['admin-key'] } : {}),
    ...(values['user-key'] !== undefined ? { userKey: values['user-key'] } : {}),
    ...(values.seed !== undefined ? { seedFile: values.seed } : {}),
    ...(values.state !== undefined ? { stateFile: values.state } : {}),
    ...(values['tls-cert'] !== undefined ? { tlsCertFile: values['tls-cert'], tlsKeyFile: values['tls-key'] } : {}),
    ...(values['token-ttl'] !== undefined ? { tokenTtlSeconds: integerOption('--token-ttl', values['token-ttl'], 1, 365 * 24 * 3600) } : {}),
    ...(values['cors-origin'] !== undefined ? { corsOrigins: values['cors-origin'].map(corsOriginOption) } : {}),
    ...(values['record-issued-values'] !== undefined ? { recordIssuedValuesFile: values['record-issued-values'] } : {}),
  };
}

/** `*`, or an origin exactly as a browser sends it (`http://127.0.0.1:8080`: scheme, host, port). */
function corsOriginOption(raw: string): string {
  if (raw === '*') return raw;
  let origin: string;
  try {
    origin = new URL(raw).origin;
  } catch {
    throw new Error(`--cors-origin ${raw} is not an origin (expected e.g. http://127.0.0.1:8080)`);
  }
  if (origin !== raw.replace(/\/$/, '')) throw new Error(`--cors-origin takes an origin without a path: ${origin}`);
  return origin;
}

function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

/** The human-readable banner followed by exactly one READY line. */
export function describeEmulator(emulator: RunningEmulator): string[] {
  const { credentials } = emulator;
  const describeUser = (user: SeededUserCredentials): string =>
    `    ${user.firstName} ${user.lastName} <${user.email}>${user.isTenantAdmin ? ' [tenant admin]' : ''}`
    + `  password: ${user.password ?? '(unknown, loaded from state)'}  api key: ${user.apiKey ?? '(unknown)'}`;
  const ready = {
    url: emulator.url,
    adminKey: credentials.adminKey,
    userKey: credentials.userKey,
    org: credentials.org,
    users: credentials.users.map((user) => ({
      uid: user.uid, email: user.email, password: user.password, firstName: user.firstName, lastName: user.lastName,
      isTenantAdmin: user.isTenantAdmin, apiKey: user.apiKey,
    })),
  };
  return [
    'Palette API emulator — for local tests and demos only; control endpoints need no credentials.',
    `  URL:       ${emulator.url}`,
    `  Org:       ${credentials.org} (tenant ${credentials.tenantUid})`,
    `  Admin key: ${credentials.adminKey ?? '(unknown)'}`,
    `  User key:  ${credentials.userKey ?? '(unknown)'}`,
    '  Users:',
    ...credentials.users.map(describeUser),
    `  Control:   POST|DELETE ${emulator.url}/__emulator/faults, POST /__emulator/reset, GET /__emulator/keys`,
    `${READY_PREFIX} ${JSON.stringify(ready)}`,
  ];
}

/** Writes the seeded secrets known in clear, then appends each created key value (file mode 0600). */
function recordIssuedValues(emulator: RunningEmulator, file: string): void {
  const seeded = emulator.credentials.users.flatMap((user) => [user.apiKey, user.password]);
  const values = [...new Set(seeded.filter((value): value is string => typeof value === 'string' && value !== ''))];
  writeFileSync(file, values.map((value) => `${value}\n`).join(''), { mode: 0o600 });
  // `mode` applies only when the file is created: an existing, wider file is narrowed too.
  chmodSync(file, 0o600);
  emulator.store.onValueIssued((value) => appendFileSync(file, `${value}\n`));
}

async function main(): Promise<void> {
  let options: CliOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`palette-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`palette-emulator: cannot start: ${code === 'EADDRINUSE' ? `port ${options.port} is in use` : (error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  if (options.recordIssuedValuesFile !== undefined) recordIssuedValues(emulator, options.recordIssuedValuesFile);
  const stop = (signal: NodeJS.Signals): void => {
    process.stdout.write(`palette-emulator: ${signal}, shutting down\n`);
    void emulator.close().then(() => process.exit(0));
  };
  // Before READY: whoever waits for that line may signal us right after reading it.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`${describeEmulator(emulator).join('\n')}\n`);
}

void main();
