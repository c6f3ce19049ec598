import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import { seedDemoCompany } from '../../src/store/demo-seed.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { sourceFiles } from '../support/source-files.js';

/** The code that writes the demo seed's rows: a change in it names a new seeded template. */
const SEED_CODE = ['src/store', 'src/core', 'src/messages'];

/**
 * A fresh PGlite costs 4–7 s of initdb (7 s of CPU measured under load); a migrated template
 * loaded per database costs well under that (toolchain notes, PGlite section). The template is
 * built once and kept as a file named by what it is made of (the migrations' SQL and PGlite's
 * version), so the ~20 test files that use it share one build per machine instead of one each
 * (issue 12: CI time). Any change to a migration or to PGlite names a new file.
 */
export async function buildMigratedTemplate(): Promise<{ template: Blob | File; ms: number }> {
  const started = performance.now();
  const file = templatePath('tar.gz');
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

/**
 * A PGlite as `openPglite()` makes it (initdb done, no migration), for the tests that migrate it
 * themselves from an older schema. Loaded from a dump of one fresh initdb, built once per machine
 * and named by PGlite's version: initdb took 12-24 s at load 22 (plain node, 2026-12-03), a load
 * of the dump 4-5 s, and ~9 test files opened one or more.
 */
export async function openEmptyPglite(): Promise<Awaited<ReturnType<typeof openPglite>>> {
  const file = templatePath('empty.tar.gz');
  if (!existsSync(file)) {
    const db = await openPglite();
    try {
      const dump = await db.pglite.dumpDataDir('gzip');
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await db.close();
    }
  }
  return openPglite({ loadDataDir: new Blob([readFileSync(file)]) });
}

/**
 * The on-disk twin of buildMigratedTemplate: a PGlite data directory created and migrated as
 * `npm start` makes its store (openStore), built once per machine and named the same way. A server
 * under test starts on a copy of it instead of running initdb and the migrations itself: that took
 * 137.6 s at load 31 (ci, 2026-12-02), once per server start, and ~45 test servers start in a run.
 * `seeded`: with the demo company as `npm start` seeds it (84 s more at load 40, 208 contacts, once
 * per start before); its name also covers src/store, src/core and src/messages, whose code writes
 * the seed's rows. The seed's ids come from a fixed PRNG, so a copy holds what a start would seed,
 * but for the times: they are the template's. Returns the directory; copy it, never open it in place.
 */
export async function migratedDataDir(options: { readonly seeded?: boolean } = {}): Promise<string> {
  const dir = templatePath(options.seeded ? 'pglite-seeded' : 'pglite');
  if (existsSync(dir)) return dir;
  // Built aside, then renamed: a test file starting meanwhile sees no directory or a complete one.
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  // The seeded one grows from a copy of the migrated one: one initdb per machine, not two.
  if (options.seeded) cpSync(await migratedDataDir(), join(partial, 'pglite'), { recursive: true });
  const store = await openStore({ dataDir: join(partial, 'pglite') });
  try {
    if (options.seeded) await seedDemoCompany(store.db, systemClock);
  } finally {
    await store.close();
  }
  try {
    renameSync(join(partial, 'pglite'), dir);
  } catch (e) {
    // Another file built it first (the rename onto a full directory fails): theirs is the same.
    if (!existsSync(dir)) throw e;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

function templatePath(kind: 'tar.gz' | 'empty.tar.gz' | 'pglite' | 'pglite-seeded'): string {
  const manifest = join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const pglite = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const hash = createHash('sha256').update(
    JSON.stringify(kind === 'empty.tar.gz' ? { pglite } : { pglite, migrations: MIGRATIONS }),
  );
  if (kind === 'pglite-seeded')
    for (const file of SEED_CODE.flatMap((d) => sourceFiles(d, /\.ts$/)).sort())
      hash.update(file).update(readFileSync(file));
  const key = hash.digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'bc-contact-sync-test');
  mkdirSync(dir, { recursive: true });
  return join(dir, `pglite-template-${key}.${kind}`);
}
