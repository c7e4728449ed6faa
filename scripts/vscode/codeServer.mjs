// @ts-check
// Installs and starts code-server, the npm-packaged VS Code server whose real extension host
// (VS Code 1.96.4 on the machine's Node 20) runs our host tests and `npm start` without any
// download from outside the npm registry. Why each step below exists: scripts/README.md,
// "VS Code without internet".
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RIPGREP, ensureDebianTool } from './debianPackage.mjs';
import { forEachOutputLine, freePort, npmEnvironment, repoRoot, run, stopProcessGroup, waitForHttp } from './proc.mjs';

export const CODE_SERVER_VERSION = '4.96.4';
/** The proxy-agent version lib/vscode's shrinkwrap pins to a GitHub URL; the registry has the same bytes. */
const PROXY_AGENT_VERSION = '0.27.0';
/** Native modules VS Code's server needs; `kerberos` is left out (proxy auth only, needs libkrb5-dev). */
const NATIVE_MODULES = ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid'];

/** Folder (git-ignored) holding the pinned install; override with PALETTE_CODE_SERVER_DIR. */
export const codeServerDir = process.env.PALETTE_CODE_SERVER_DIR ?? join(repoRoot, '.cache', `code-server-${CODE_SERVER_VERSION}`);
const packageDir = join(codeServerDir, 'node_modules', 'code-server');
const vscodeDir = join(packageDir, 'lib', 'vscode');
/** Written last, so a half-finished install is redone rather than trusted. */
const markerFile = join(codeServerDir, '.installed');
/** The entry point to run with `node`. */
export const codeServerEntry = join(packageDir, 'out', 'node', 'entry.js');

const log = (/** @type {string} */ line) => console.log(`[code-server] ${line}`);

/** Environment for npm: root may run install scripts; Debian's Node headers avoid a header download. */
function npmEnv() {
  const env = npmEnvironment({ npm_config_unsafe_perm: 'true' });
  if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return env;
}

/** @param {string} cwd @param {string[]} args */
const npm = (cwd, args) => run('npm', args, { cwd, env: npmEnv(), quiet: true });

/** Rebuilds native modules in `cwd`, then loads each one: a rebuild that silently did nothing fails here. */
async function rebuildNative(/** @type {string} */ cwd, /** @type {string[]} */ modules) {
  // `--ignore-scripts=false` overrides any config that would turn the rebuild into a no-op;
  // `--foreground-scripts` keeps build errors visible in the captured output.
  await npm(cwd, ['rebuild', '--ignore-scripts=false', '--foreground-scripts', ...modules]);
  const missing = [];
  for (const name of modules) {
    try {
      await run(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { cwd, quiet: true });
    } catch {
      missing.push(name);
    }
  }
  if (missing.length) throw new Error(`native modules did not build: ${missing.join(', ')} (is a C++ toolchain installed? apt-get install -y g++ make python3)`);
}

const ripgrepLink = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');

/**
 * VS Code's file search (Go to File, Find in Files, `workspace.findFiles`) runs
 * `@vscode/ripgrep/bin/rg`, whose own download from GitHub cannot work here: link Debian's `rg`
 * there, installing it first when missing. Runs on every start, so a folder installed before
 * ripgrep was (or whose link points at an rg since removed) is repaired. Without ripgrep, and
 * without root to install it, VS Code still runs; only its search finds nothing.
 */
async function linkRipgrep() {
  // The folder's existence alone stops @vscode/ripgrep's postinstall from downloading.
  mkdirSync(dirname(ripgrepLink), { recursive: true });
  let rg;
  try {
    rg = await ensureDebianTool(RIPGREP);
  } catch (error) {
    log(`search inside VS Code will not work: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  let target;
  try {
    target = readlinkSync(ripgrepLink);
  } catch {
    // Missing, or a file rather than a link: replaced below.
  }
  if (target === rg) return;
  rmSync(ripgrepLink, { force: true });
  try {
    symlinkSync(rg, ripgrepLink);
  } catch (error) {
    // Another process starting code-server from the same folder made the same link first.
    if (readlinkSync(ripgrepLink) !== rg) throw error;
  }
  log(`linked ${rg} as VS Code's ripgrep`);
}

/** True when the pinned install is complete. */
export function isCodeServerInstalled() {
  return existsSync(markerFile) && existsSync(codeServerEntry);
}

/**
 * Installs code-server@4.96.4 into `.cache/code-server-4.96.4/` with the offline work-arounds.
 * Idempotent: returns at once when the marker file from a finished install is there.
 * @returns {Promise<string>} the code-server entry script
 */
export async function ensureCodeServer() {
  if (isCodeServerInstalled()) {
    await linkRipgrep();
    return codeServerEntry;
  }
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerDir} (1-3 minutes, once)`);
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // A package.json of its own keeps npm from climbing up to the project's manifest.
  writeFileSync(join(codeServerDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));

  log('1/7 npm install --ignore-scripts code-server');
  await npm(codeServerDir, ['install', '--ignore-scripts', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`]);

  log(`2/7 patch lib/vscode shrinkwrap: @vscode/proxy-agent@${PROXY_AGENT_VERSION} from the registry`);
  const shrinkwrapPath = join(vscodeDir, 'npm-shrinkwrap.json');
  const shrinkwrap = JSON.parse(readFileSync(shrinkwrapPath, 'utf8'));
  const entry = shrinkwrap.packages?.['node_modules/@vscode/proxy-agent'];
  if (!entry || entry.version !== PROXY_AGENT_VERSION) throw new Error(`unexpected @vscode/proxy-agent entry in ${shrinkwrapPath}`);
  const tarball = (await npm(codeServerDir, ['view', `@vscode/proxy-agent@${PROXY_AGENT_VERSION}`, 'dist.tarball'])).trim();
  if (!/^https?:\/\//.test(tarball)) throw new Error(`npm view gave no tarball URL for @vscode/proxy-agent: ${tarball}`);
  entry.resolved = tarball;
  writeFileSync(shrinkwrapPath, `${JSON.stringify(shrinkwrap, null, 2)}\n`);

  log('3/7 npm install --omit=dev --ignore-scripts in lib/vscode');
  await npm(vscodeDir, ['install', '--omit=dev', '--ignore-scripts']);

  log('4/7 ripgrep: bin/ folder (skips its GitHub download) with Debian\'s rg linked in');
  await linkRipgrep();

  log(`5/7 rebuild native modules: ${NATIVE_MODULES.join(', ')}`);
  await rebuildNative(vscodeDir, NATIVE_MODULES);
  // The same links postinstall.sh makes: VS Code and extensions look inside node_modules.asar.
  const asar = join(vscodeDir, 'node_modules.asar');
  rmSync(asar, { recursive: true, force: true });
  symlinkSync('node_modules', asar);

  log('6/7 built-in extensions\' dependencies');
  await npm(join(vscodeDir, 'extensions'), ['install', '--omit=dev', '--ignore-scripts=false']);

  log('7/7 rebuild argon2');
  await rebuildNative(codeServerDir, ['argon2']);

  writeFileSync(markerFile, `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() })}\n`);
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerEntry;
}

/**
 * @typedef {object} CodeServerOptions
 * @property {string} userDataDir throw-away user data folder (settings go to User/settings.json)
 * @property {string} extensionsDir extensions folder
 * @property {string} [folder] workspace folder to open
 * @property {number} [port] preferred port (a free one is chosen when taken or absent)
 * @property {Record<string, unknown>} [settings] extra user settings
 * @property {boolean} [untrustedWorkspace] keep workspace trust on, so the folder opens untrusted (Restricted Mode)
 * @property {NodeJS.ProcessEnv} [env] extra environment (reaches the extension host)
 * @property {(line: string) => void} [onOutput] receives code-server's output lines
 */

/**
 * @typedef {object} RunningCodeServer
 * @property {number} port
 * @property {string} url base URL, e.g. http://127.0.0.1:8080
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => Promise<void>} stop stops code-server and its extension hosts
 */

/**
 * Starts code-server (installed by ensureCodeServer) and waits until it answers.
 * @param {CodeServerOptions} options
 * @returns {Promise<RunningCodeServer>}
 */
export async function startCodeServer(options) {
  const entry = await ensureCodeServer();
  const port = await freePort(options.port);
  mkdirSync(join(options.userDataDir, 'User'), { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  // Without this the trust prompt is refused in test mode and the window opens in Restricted Mode.
  const settings = {
    'security.workspace.trust.enabled': options.untrustedWorkspace === true,
    ...(options.untrustedWorkspace ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    // The workspaces live inside the repository's .cache/ or /tmp: no "open the parent repository?" toast.
    'git.openRepositoryInParentFolders': 'never',
    ...options.settings,
  };
  writeFileSync(join(options.userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  const args = [
    entry,
    // A config file of its own: code-server would otherwise write ~/.config/code-server/config.yaml.
    '--config', join(options.userDataDir, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.untrustedWorkspace ? [] : ['--disable-workspace-trust']),
    ...(options.folder ? [options.folder] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() also ends the extension hosts it forks
  });
  /** @type {string[]} */
  const recent = [];
  const onLine = (/** @type {string} */ line) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.onOutput?.(line);
  };
  forEachOutputLine(child, onLine);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () =>
      child.exitCode !== null ? `code-server exited with ${child.exitCode}:\n${recent.join('\n')}` : undefined);
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  }
  return { port, url, process: child, stop: () => stopProcessGroup(child) };
}

// CLI: `node scripts/vscode/codeServer.mjs` installs (or checks) the pinned code-server.
if (import.meta.url === `file://${process.argv[1]}`) {
  ensureCodeServer().then((entry) => log(`ready: ${entry}`), (error) => {
    console.error(`[code-server] install failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
