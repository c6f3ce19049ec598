import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';

/**
 * A fresh PGlite costs 4–7 s of initdb (7 s of CPU measured under load); a migrated template
 * loaded per database costs well under that (toolchain notes, PGlite section). The template is
 * built once and kept as a file named by what it is made of (the migrations' SQL and PGlite's
 * version), so the ~20 test files that use it share one build per machine instead of one each
 * (issue 12: CI time). Any change to a migration or to PGlite names a new file.
 */
export async function buildMigratedTemplate(): Promise<{ template: Blob | File; ms: number }> {
  const started = performance.now();
  const file = templateFile();
  if (existsSync(file)) {
    const template = new Blob([readFileSync(file)]);
    return { template, ms: Math.round(performance.now() - started) };
  }
  const db = await openPglite();
  try {
    await migrate(db);
    const template = await db.pglite.dumpDataDir('gzip');
    // Written whole, then renamed: a test file starting meanwhile sees no file or a complete one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await template.arrayBuffer()));
    renameSync(partial, file);
    return { template, ms: Math.round(performance.now() - started) };
  } finally {
    await db.close();
  }
}

function templateFile(): string {
  const manifest = join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const pglite = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const key = createHash('sha256')
    .update(JSON.stringify({ pglite, migrations: MIGRATIONS }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'bc-contact-sync-test');
  mkdirSync(dir, { recursive: true });
  return join(dir, `pglite-template-${key}.tar.gz`);
}
