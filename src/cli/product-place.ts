import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_FILE } from '../server/announce.js';
import { processAlive } from '../platform/local-process.js';

/*
 * F119: where the CLI finds the product of this environment. It looked for server.json only in
 * ./data of the directory it was run from (DATA_DIR relative to that), so run from anywhere but the
 * install directory it found no server and silently made a second demo store there. The data folder
 * is found by the server's own rule (DATA_DIR, default ./data, relative to the directory the
 * command runs in) and, without DATA_DIR, also where `npm start` keeps it (./data of the install
 * directory: npm runs scripts there); the CLI says in one line which store it uses.
 */

/** What a running server announces in its data directory (server/announce.ts). */
export interface Announced {
  readonly url: string;
  readonly adminToken: string;
  readonly caPath?: string;
  readonly pid?: number;
}

/** The store a run uses: the embedded one in the data folder, or PostgreSQL (DATABASE_URL). */
type PlaceStore =
  | { readonly kind: 'pglite'; readonly exists: boolean }
  | { readonly kind: 'postgres'; readonly where: string };

export interface ProductPlace {
  /** The data folder: server.json, the embedded store (pglite/), the Graph emulator's mailboxes. */
  readonly dataDir: string;
  /** The server announced there whose process is alive; null: none runs (a stale server.json too). */
  readonly server: Announced | null;
  readonly store: PlaceStore;
}

/** The package root, whatever the working directory (src/cli or build/node are two levels down). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function announcedIn(dataDir: string): Announced | null {
  const file = join(dataDir, SERVER_FILE);
  if (!existsSync(file)) return null;
  try {
    const found = announcedShape(JSON.parse(readFileSync(file, 'utf8')));
    // A server.json whose process is dead (SIGKILL, crash) is stale: run in this process (issue 9 §4).
    return found !== null && (found.pid === undefined || processAlive(found.pid)) ? found : null;
  } catch {
    return null;
  }
}

/**
 * The parsed server.json as announce() writes it, or null for any other shape, which is read as
 * no server, as a file that is not JSON is (the data folder's lock still keeps a second product
 * off a live server's store). Was a cast: `{"pid": 1}` (no url or token; another version's file,
 * hand-edited) ended the CLI in `Invalid value "undefined" for header "x-admin-token"`, exit 1.
 */
function announcedShape(v: unknown): Announced | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const { url, adminToken, caPath, pid } = v as Record<string, unknown>;
  if (typeof url !== 'string' || !/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) return null;
  if (typeof adminToken !== 'string' || adminToken === '') return null;
  if (caPath !== undefined && typeof caPath !== 'string') return null;
  if (pid !== undefined && !(Number.isSafeInteger(pid) && (pid as number) > 0)) return null;
  return {
    url,
    adminToken,
    ...(caPath !== undefined ? { caPath } : {}),
    ...(pid !== undefined ? { pid: pid as number } : {}),
  };
}

/** Whether a product ran on this data folder: its embedded store or the emulator's mailboxes. */
const holdsProduct = (dataDir: string): boolean =>
  existsSync(join(dataDir, 'pglite')) || existsSync(join(dataDir, 'graph-emulator.json'));

/** `postgres://user:secret@host:5432/db?…` as `host:5432/db`: where, never the credentials. */
function postgresWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * The product of environment `env` run from `cwd`: the first data folder with a live server, else
 * the first that holds a product's files, else the first (a new store will be made there).
 * Folders in order: DATA_DIR when set; else ./data of `cwd`, then ./data of `packageRoot`.
 */
export function productPlace(env: NodeJS.ProcessEnv, cwd: string, packageRoot: string): ProductPlace {
  const given = env.DATA_DIR?.trim();
  const folders = [
    ...new Set(given ? [resolve(cwd, given)] : [resolve(cwd, 'data'), resolve(packageRoot, 'data')]),
  ];
  const databaseUrl = env.DATABASE_URL?.trim();
  const storeOf = (dataDir: string): PlaceStore =>
    databaseUrl
      ? { kind: 'postgres', where: postgresWhere(databaseUrl) }
      : { kind: 'pglite', exists: existsSync(join(dataDir, 'pglite')) };
  for (const dataDir of folders) {
    const server = announcedIn(dataDir);
    if (server) return { dataDir, server, store: storeOf(dataDir) };
  }
  const dataDir = folders.find(holdsProduct) ?? folders[0]!;
  return { dataDir, server: null, store: storeOf(dataDir) };
}

/** The one line that says which store a command uses, and how it reaches it. */
export function placeLine(place: ProductPlace): string {
  const store =
    place.store.kind === 'postgres'
      ? `PostgreSQL at ${place.store.where} (DATABASE_URL), data folder ${place.dataDir}`
      : `the embedded store in ${place.dataDir}`;
  if (place.server) return `through the server running at ${place.server.url}: ${store}`;
  if (place.store.kind === 'pglite' && !place.store.exists)
    return (
      `no server running and no store in ${place.dataDir}: this command makes a new one there ` +
      '(for the store of a running `npm start`, run it with the same DATA_DIR)'
    );
  return `no server running: this command opens ${store} itself`;
}
