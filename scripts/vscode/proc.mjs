// @ts-check
// Small process and network helpers shared by the runner, `npm start`, `npm test` and `npm run package`.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/** Absolute path of the repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs a command to completion, streaming its output, and rejects on a non-zero exit.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean, combined?: boolean }} [options]
 * @returns {Promise<string>} the captured stdout, or stdout+stderr with `combined` (streamed too unless quiet)
 */
export function run(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    /** @type {Buffer[]} */
    const chunks = [];
    /** @type {Buffer[]} */
    const stdout = [];
    const onData = (/** @type {Buffer} */ chunk, /** @type {NodeJS.WriteStream} */ stream) => {
      chunks.push(chunk);
      if (stream === process.stdout) stdout.push(chunk);
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout.on('data', (chunk) => onData(chunk, process.stdout));
    child.stderr.on('data', (chunk) => onData(chunk, process.stderr));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolvePromise(options.combined ? output : Buffer.concat(stdout).toString('utf8'));
      else {
        const tail = options.quiet ? `\n${output.split('\n').slice(-30).join('\n')}` : '';
        reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}${tail}`));
      }
    });
  });
}

/**
 * The environment for a nested npm command: without the npm_* variables an enclosing `npm test`
 * exports (npm_config_prefix among them would redirect installs), plus `extra`.
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function npmEnvironment(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/**
 * Asks the OS for a free loopback port, or checks that `preferred` is free and returns it.
 * @param {number} [preferred]
 * @returns {Promise<number>}
 */
export async function freePort(preferred) {
  if (preferred) {
    const ok = await new Promise((resolvePromise) => {
      const server = createServer();
      server.once('error', () => resolvePromise(false));
      server.listen(preferred, '127.0.0.1', () => server.close(() => resolvePromise(true)));
    });
    if (ok) return preferred;
  }
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/**
 * Polls `url` until it answers with any HTTP status, or throws after `timeoutMs`.
 * @param {string} url
 * @param {number} timeoutMs
 * @param {() => string | undefined} [whyNot] returns a reason to stop waiting early (e.g. the server died)
 */
export async function waitForHttp(url, timeoutMs, whyNot) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise((resolvePromise) => {
      const req = request(url, { method: 'GET', timeout: 2000 }, (res) => {
        res.resume();
        resolvePromise(res.statusCode ?? 0);
      });
      req.on('error', () => resolvePromise(0));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (status) return status;
    const reason = whyNot?.();
    if (reason) throw new Error(`${url} will not answer: ${reason}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/**
 * Stops a child process and everything it started (it must have been spawned `detached`,
 * so it leads its own process group), escalating to SIGKILL after `graceMs`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 */
export async function stopProcessGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  const signalGroup = (/** @type {NodeJS.Signals} */ signal) => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = sleep(graceMs).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signalGroup('SIGKILL');
    await exited;
  }
}

/**
 * Calls `onLine` for every complete line a child prints on stdout and stderr (text split on
 * newlines across chunk boundaries; a last line without a newline is not reported).
 * @param {import('node:child_process').ChildProcess} child
 * @param {(line: string) => void} onLine
 */
export function forEachOutputLine(child, onLine) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (/** @type {string} */ chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
}
