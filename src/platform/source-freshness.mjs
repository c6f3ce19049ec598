// Whether a build output is older than the sources it was made from. Shared by bin/bc-contact-sync.js
// (the compiled CLI), `npm start` (the task pane in dist/) and the browser tests, so a `git pull`
// never leaves any of them running yesterday's code (F26).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What the task pane's build (webpack.config.js) reads, relative to the package root. The pane
 * imports core, graph, bc, sync-client and messages; the rest are its assets and build settings.
 */
export const PANE_SOURCES = [
  'src/taskpane',
  'src/core',
  'src/graph',
  'src/bc',
  'src/sync-client',
  'src/messages',
  'src/platform/addin-origin.mjs',
  'scripts/icu-catalog-loader.js',
  'scripts/office-js-files.mjs',
  'assets',
  'manifest.xml',
  'webpack.config.js',
  'package-lock.json',
];

/** The pane build's stamp: webpack rewrites taskpane.html on every build (compareBeforeEmit: false). */
export const PANE_STAMP = 'dist/taskpane.html';

/**
 * The newest file under `paths` (files or folders, relative to `root`) that is newer than
 * `sinceMs`, or null when none is. Stops at the first such file, so a fresh build costs one walk.
 * Missing paths are skipped.
 */
export function firstNewerSource(root, paths, sinceMs) {
  const stack = paths.map((p) => join(root, p)).filter((p) => existsSync(p));
  while (stack.length > 0) {
    const path = stack.pop();
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) stack.push(join(path, entry));
    } else if (stat.mtimeMs > sinceMs) {
      return relative(root, path);
    }
  }
  return null;
}

/**
 * The state of the build whose stamp is `stamp` (relative to `root`): `missing` without a stamp,
 * `stale` with the first source found newer than it, else `current`.
 */
export function buildState(root, stamp, sources) {
  const stampPath = join(root, stamp);
  if (!existsSync(stampPath)) return { state: 'missing' };
  const newer = firstNewerSource(root, sources, statSync(stampPath).mtimeMs);
  return newer === null ? { state: 'current' } : { state: 'stale', newerSource: newer };
}
