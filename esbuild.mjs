// Bundles every entry point into dist/. `--only NAME[,NAME]` builds a subset; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(',') : undefined;
// `--outdir DIR` writes the bundles there instead of dist/ (the size budget test builds aside).
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex > 0 ? process.argv[outdirIndex + 1] : undefined;

/**
 * For the web build: a relative import of `x` resolves to `x.browser.ts` when that file exists beside
 * `x.ts`. The ports with a Node and a browser adapter (src/core/crypto/keyedHash,
 * src/core/palette/transport, src/core/scanner/files/gitKeepsOut, src/host/scanner/scanEngines) are chosen this way, as the `browser`
 * field of a package would choose them.
 * @type {esbuild.Plugin}
 */
const browserAdapters = {
  name: 'browser-adapters',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const candidate = resolve(dirname(args.importer), `${args.path}.browser.ts`);
      return existsSync(candidate) ? { path: candidate } : undefined;
    });
  },
};

/** @type {Record<string, esbuild.BuildOptions>} */
const targets = {
  extension: {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // The web worker extension host (VS Code for the Web, github.dev, code-server's browser-only host).
  web: {
    entryPoints: ['src/web/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [browserAdapters],
  },
  emulator: {
    entryPoints: ['src/emulator/main.ts'],
    outfile: 'dist/emulator.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  cli: {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  scanWorker: {
    entryPoints: ['src/core/scanner/worker/scanWorker.ts'],
    outfile: 'dist/scanWorker.js',
    platform: 'node',
    format: 'cjs',
  },
  historyWorker: {
    entryPoints: ['src/core/scanner/history/historyWorker.ts'],
    outfile: 'dist/historyWorker.js',
    platform: 'node',
    format: 'cjs',
  },
  webview: {
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    tsconfig: 'webview/tsconfig.json',
  },
};

const selected = Object.entries(targets).filter(([name, options]) =>
  (only ? only.includes(name) : true) && existsSync(/** @type {string[]} */ (options.entryPoints)[0]));

await Promise.all(selected.map(async ([name, options]) => {
  const config = {
    bundle: true,
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    ...options,
    ...(outdir ? { outfile: String(options.outfile).replace(/^dist\//, `${outdir}/`) } : {}),
    ...(options.platform === 'browser' ? { target: 'es2022' } : {}),
  };
  if (watch) {
    const context = await esbuild.context(config);
    await context.watch();
    console.log(`watching ${name}`);
  } else {
    await esbuild.build(config);
  }
}));
if (!watch) console.log(`built ${selected.map(([name]) => name).join(', ')}`);
