import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WRITE_SETTLE_MS, LEASE_TTL_MS, announcedKeepMs, leaseKeyOf } from '../../src/core/lease.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import { pollUntil } from './poll.js';
import { QUIET, freshDataDir } from './quiet-server.js';
import { bearerJson } from './bearer-json.js';
import type { Json } from './bearer-json.js';
import { uncertainFetch } from './uncertain-fetch.js';
import type { WriteCall, WriteFate } from './uncertain-fetch.js';

/* One user's sync on one DATA_DIR (the embedded default: PGlite and the embedded Graph emulator,
   whose mailboxes are journaled before each answer) across the three hosts (issue 9): the pane's
   engine in this process (delegated Graph, /me; BC and the sync state over the facade), a
   scheduled run (RunManager, app-only Graph) and the CLI as a real process. The CLI runs
   in-process when no server is announced, and PGlite admits one process per DATA_DIR, so the
   facade is closed while the CLI runs, as when `npm start` is not running. A CLI run may be
   SIGKILLed after it wrote k contacts to Outlook: the kill point is counted in journal lines (one
   per acknowledged Graph write), never in wall time. */

const USER = 'ann@contoso.com';
const USER_KEY = devUserKey(USER);
const FOLDER = DEFAULT_SETTINGS.folderName;
export interface Contact {
  readonly id: string;
  readonly email: string;
  readonly jobTitle: string;
  readonly etag?: string;
}

const emailOf = (c: Json): string =>
  String(
    (c.emailAddresses as { address?: string }[] | undefined)?.[0]?.address ?? c.email ?? '',
  ).toLowerCase();

/** Journal lines that are contact writes (a folder line or a reset is not a contact written). */
function contactWrites(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"op":"contact')).length;
}

export class SigkillWorld {
  private server: RunningServer | null = null;
  private facadeToken = '';
  private graphToken = '';
  companyId = '';
  folderId = '';

  private constructor(
    readonly dir: string,
    /** What every host of this world adds to its environment: DATABASE_URL for PostgreSQL. */
    private readonly storeEnv: Record<string, string>,
  ) {}

  /**
   * The embedded default, or with `databaseUrl` PostgreSQL (the facade, the scheduled runs and the
   * CLI all on that database; the DATA_DIR keeps the embedded Graph emulator's mailboxes).
   */
  static async start(options: { readonly databaseUrl?: string } = {}): Promise<SigkillWorld> {
    // A migrated store (freshDataDir); the facade seeds the demo company itself, as npm start does.
    const world = new SigkillWorld(
      await freshDataDir('bcsync-sigkill-'),
      options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {},
    );
    await world.open();
    return world;
  }

  /** Starts the facade on the DATA_DIR (its start-up marks runs of dead holders interrupted). */
  async open(): Promise<void> {
    if (this.server) return;
    this.server = await startServer({
      announce: false,
      env: { DATA_DIR: this.dir, SEED_DEMO: '1', ...this.storeEnv },
      overrides: QUIET,
    });
    const issuer = this.server.ctx.devIssuer!;
    this.facadeToken = await issuer.userToken(USER, 'facade');
    this.graphToken = await issuer.userToken(USER, 'graph');
    this.companyId = ((await this.api('/api/v2.0/companies')).value as Json[])[0]!.id as string;
  }

  async closeFacade(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  async close(): Promise<void> {
    await this.closeFacade();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get facade(): RunningServer {
    if (!this.server) throw new Error('the facade is closed');
    return this.server;
  }

  api(path: string, init: RequestInit = {}, graph = false): Promise<Json> {
    return bearerJson(`${this.facade.url}${path}`, graph ? this.graphToken : this.facadeToken, init, path);
  }

  private bcPath = () => `/api/v2.0/companies(${this.companyId})/contacts`;
  private outlookPath = () => `/graph/v1.0/me/contactFolders/${this.folderId}/contacts`;

  /** The sync folder's id (after the first run made it). */
  async findFolder(): Promise<void> {
    const filter = encodeURIComponent(`displayName eq '${FOLDER}'`);
    const folders = await this.api(`/graph/v1.0/me/contactFolders?$filter=${filter}`, {}, true);
    this.folderId = (folders.value as Json[])[0]!.id as string;
  }

  async bcContacts(): Promise<Contact[]> {
    const page = await this.api(`${this.bcPath()}?$top=5000`);
    return (page.value as Json[]).map((c) => ({
      id: c.id as string,
      email: emailOf(c),
      jobTitle: String(c.jobTitle ?? ''),
      etag: c['@odata.etag'] as string,
    }));
  }

  async outlookContacts(): Promise<Contact[]> {
    const all: Contact[] = [];
    let next: string | undefined = `${this.outlookPath()}?$top=1000`;
    while (next) {
      const page = await this.api(next.replace(/^https?:\/\/[^/]+/, ''), {}, true);
      for (const c of page.value as Json[])
        all.push({ id: c.id as string, email: emailOf(c), jobTitle: String(c.jobTitle ?? '') });
      next = page['@odata.nextLink'] as string | undefined;
    }
    return all;
  }

  async editBc(email: string, jobTitle: string): Promise<void> {
    const c = (await this.bcContacts()).find((x) => x.email === email)!;
    await this.api(`${this.bcPath()}(${c.id})`, {
      method: 'PATCH',
      headers: { 'if-match': c.etag! },
      body: JSON.stringify({ jobTitle }),
    });
  }

  async editOutlook(email: string, jobTitle: string): Promise<void> {
    const c = (await this.outlookContacts()).find((x) => x.email === email)!;
    await this.api(
      `${this.outlookPath()}/${c.id}`,
      { method: 'PATCH', body: JSON.stringify({ jobTitle }) },
      true,
    );
  }

  async addBc(email: string, jobTitle: string): Promise<void> {
    const name = email.split('@')[0]!;
    await this.api(this.bcPath(), {
      method: 'POST',
      body: JSON.stringify({ type: 'Person', displayName: name, surname: name, email, jobTitle }),
    });
  }

  async addOutlook(email: string, jobTitle: string): Promise<void> {
    const name = email.split('@')[0]!;
    await this.api(
      this.outlookPath(),
      {
        method: 'POST',
        body: JSON.stringify({
          givenName: name,
          displayName: name,
          jobTitle,
          emailAddresses: [{ address: email }],
        }),
      },
      true,
    );
  }

  /** The pane's engine; its BC and Graph writes meet `fateOf` (state-store calls pass untouched). */
  async paneRun(mode: SyncMode, fateOf: (w: WriteCall) => WriteFate): Promise<RunRecord> {
    const contactsOnly = (w: WriteCall): WriteFate => (w.url.includes('/sync/v1') ? 'ok' : fateOf(w));
    const bc = uncertainFetch(fetch, contactsOnly);
    const graph = uncertainFetch(fetch, contactsOnly);
    const { url } = this.facade;
    const tokens = { facade: this.facadeToken, graph: this.graphToken };
    const { record } = await runInPane(
      {
        origin: url,
        graphBaseUrl: `${url}/graph/v1.0`,
        tokens: {
          user: USER,
          facade: async () => tokens.facade,
          graph: async () => tokens.graph,
          renew: async (audience) => (audience === 'facade' ? tokens.facade : tokens.graph),
        },
        userId: async () => USER_KEY,
        company: async () => ({ id: this.companyId }),
        fetch: bc.fetch,
        graphFetch: graph.fetch,
      },
      { mode, dryRun: false },
      () => undefined,
      () => false,
    );
    return record;
  }

  /**
   * A scheduled run; the embedded Graph answers `lost` of its writes never (applied, the
   * connection dropped before or during the answer).
   */
  async scheduledRun(mode: SyncMode, lost: number): Promise<RunRecord> {
    const emulator = this.facade.graph!.emulator;
    const script = Array.from({ length: lost }, (_, i) => ({
      match: { method: i % 2 === 0 ? 'POST' : 'PATCH' },
      fault: i % 3 === 0 ? ('closedUnanswered' as const) : ('lostResponse' as const),
    }));
    emulator.updateConfig({ faults: { script } });
    try {
      return (await this.facade.manager.runNow(USER_KEY, { mode, trigger: 'schedule' })).record;
    } finally {
      emulator.updateConfig({ faults: { script: [] } });
    }
  }

  /**
   * `bc-contact-sync sync` as its own process with the facade closed. With `killAfter`, it is
   * SIGKILLed once the journal holds that many contact writes more than at its start (or it ends
   * first). Reopens the facade; resolves with how the process ended.
   */
  async cliRun(mode: SyncMode, killAfter: number | null): Promise<{ killed: boolean; code: number | null }> {
    await this.closeFacade();
    const journal = join(this.dir, 'graph-emulator.journal');
    try {
      const child = spawn(
        process.execPath,
        ['bin/bc-contact-sync.js', 'sync', '--user', USER, '--mode', mode],
        {
          env: {
            ...process.env,
            DATA_DIR: this.dir,
            HTTPS: '0',
            SCHEDULER: '0',
            PANE_BUILD: '0',
            LOG_LEVEL: 'silent',
            SEED_DEMO: '1',
            ...this.storeEnv,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.resume();
      const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let done = false;
      void ended.then(() => (done = true));
      if (killAfter === null) return { killed: false, code: await ended };
      // The child's start rewrites the snapshot and empties the journal: count from its first write.
      const killed = await pollUntil(
        `${killAfter} Outlook writes of the CLI`,
        () => (done ? false : contactWrites(journal) >= killAfter ? true : undefined),
        { everyMs: 5 },
      );
      if (killed) child.kill('SIGKILL');
      const code = await ended;
      if (!killed && code !== 0 && code !== 1) throw new Error(`the CLI exited ${code}: ${err}`);
      return { killed, code };
    } finally {
      await this.open();
    }
  }

  /** Every run of the user, newest first. */
  runs(): Promise<RunRecord[]> {
    return this.facade.ctx.stateStore.listRuns(USER_KEY, 1000);
  }

  /**
   * True when another run could take the user's lease now (nobody holds it, or a dead process), or
   * at the end of a dead process's keep (its writes may still land until then, dead-holder-keep.ts,
   * audit 1): the probe then asks at that end, as the time passing would, which frees it. A keep
   * must end within a save's keep (announcedKeepMs of the settle); a live holder's lease is not
   * free at its stated end either.
   */
  async leaseFree(): Promise<boolean> {
    const store = this.facade.ctx.stateStore;
    const key = leaseKeyOf(USER_KEY, FOLDER);
    const now = this.facade.ctx.clock.now();
    const probe = async (at: string) => {
      const got = await store.acquireLease(key, 'probe', at, LEASE_TTL_MS);
      if (got.ok) await store.releaseLease(key, 'probe');
      return got;
    };
    const got = await probe(now);
    if (got.ok) return true;
    const until = got.heldBy.expiresAt;
    const holder = (await this.runs()).find((r) => r.id === got.heldBy.owner);
    const keepMs = announcedKeepMs(DEFAULT_WRITE_SETTLE_MS);
    if (holder?.status !== 'interrupted' || Date.parse(until) > Date.parse(now) + keepMs) return false;
    return (await probe(until)).ok;
  }
}
