import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestFor } from '../platform/addin-origin.mjs';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The repository's manifest.xml: the source, written for MANIFEST_SOURCE_ORIGIN (https://localhost:3000).
 * @internal
 */
export const SOURCE_MANIFEST = resolve(PACKAGE_ROOT, 'manifest.xml');

/**
 * Writes the manifest for the add-in's origin to `<dataDir>/manifest.xml` and returns its absolute
 * path: the file to sideload (tester F39 — with PORT≠3000 the source names the wrong server).
 * `npm start` writes it once it listens (its origin: addin-origin.mjs) and `npm run sideload` for
 * the origin the environment gives, so every URL the product prints or generates is the
 * configured origin's.
 */
export function writeAddinManifest(dataDir: string, origin: string, source = SOURCE_MANIFEST): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'manifest.xml');
  writeFileSync(file, manifestFor(readFileSync(source, 'utf8'), origin));
  return file;
}
