import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { DEV_ISSUER, GRAPH_AUDIENCE, devUserKey } from '../../src/server/auth/dev-issuer.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import { insertContact } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/open-store.js';
import { createTestDatabase } from './postgres.js';
import type { TestDatabase } from './postgres.js';
import { ProductProcesses } from './product-process.js';
import type { ChildProcess } from 'node:child_process';

export interface ClusterOptions {
  /** Users with a schedule, each a member of the one company. */
  readonly users: number;
  /** BC contacts in the company (each user's run syncs all of them). */
  readonly contacts: number;
  /** Schedule interval of every user (minutes). */
  readonly scheduleMinutes: number;
  /** SCHEDULER_TICK_SECONDS of the facade processes. */
  readonly tickSeconds: number;
  /** Graph emulator options (throttling, latency); the default is the emulator's. */
  readonly graph?: Parameters<typeof startableGraphEmulator>[0];
}

export interface Facade {
  readonly child: ChildProcess;
  readonly url: string;
  readonly pid: number;
}

export interface ScheduledRun {
  readonly userId: string;
  readonly id: string;
  readonly status: string;
  readonly startedAt: Date;
}

/**
 * Several `npm start` processes on one PostgreSQL database, each with the scheduler on, sharing
 * one Graph emulator on loopback (it trusts each process's dev issuer, as a tenant trusts Entra):
 * issue 12 §3's deployment, for the multi-process test and `npm run bench:schedule`.
 * BC lives in the database (store mode), so every process serves the same company.
 */
export class ScheduleCluster {
  readonly facades: Facade[] = [];
  private readonly processes = new ProductProcesses();
  private readonly dirs: string[] = [];

  private constructor(
    readonly options: ClusterOptions,
    private readonly database: TestDatabase,
    readonly store: Store,
    readonly emulator: GraphEmulator,
    readonly graphUrl: string,
    private readonly stopGraph: () => Promise<void>,
    /** The key sets Graph trusts: one per facade process (its dev issuer). */
    private readonly keySets: JWTVerifyGetKey[],
    readonly companyId: string,
    /** The user keys (`<tenant>:<oid>`) of the scheduled users. */
    readonly users: readonly string[],
  ) {}

  /** The database with its company, contacts, users and their (not yet due) schedules, and Graph. */
  static async create(options: ClusterOptions): Promise<ScheduleCluster> {
    const database = await createTestDatabase('bcsync_cluster');
    const store = await openStore({ databaseUrl: database.url });
    const keySets: JWTVerifyGetKey[] = [];
    // A token verifies when one of the facades' dev issuers signed it.
    const jwks: JWTVerifyGetKey = async (header, token) => {
      for (const set of keySets) {
        try {
          return await set(header, token);
        } catch {
          // not this facade's key: try the next
        }
      }
      throw new Error(`no facade's key set holds kid ${header.kid ?? '(none)'}`);
    };
    const { app, emulator } = await startableGraphEmulator({
      ...options.graph,
      auth: { issuer: DEV_ISSUER, audience: GRAPH_AUDIENCE, jwks },
      logger: false,
    });
    const graphUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const company = await insertCompany(store.db, systemClock, { name: 'Cluster Ltd.' });
    for (let i = 0; i < options.contacts; i++) {
      const r = await insertContact(store.db, systemClock, company.id, {
        type: 'Person',
        displayName: `Person ${i}`,
        firstName: 'Person',
        surname: String(i),
        email: `person${i}@cluster.example`,
      });
      if (!r.ok) throw new Error(r.error.message);
    }
    const users = Array.from({ length: options.users }, (_, i) => devUserKey(`user${i}@cluster.example`));
    for (const u of users) {
      await grantMembership(store.db, u, company.id, 'cluster');
      await store.stateStore.putSettings(u, {
        ...DEFAULT_SETTINGS,
        scheduleMinutes: options.scheduleMinutes,
      });
    }
    return new ScheduleCluster(
      options,
      database,
      store,
      emulator,
      graphUrl,
      () => app.close(),
      keySets,
      company.id,
      users,
    );
  }

  /** The database's connection string (for a test that plays a pg-boss worker itself). */
  get databaseUrl(): string {
    return this.database.url;
  }

  /** Starts `n` more facade processes (scheduler on); resolves once each announced itself. */
  async startFacades(n: number): Promise<Facade[]> {
    const started = await Promise.all(
      Array.from({ length: n }, () => {
        const dir = mkdtempSync(join(tmpdir(), 'bcsync-cluster-'));
        this.dirs.push(dir);
        return this.processes.start(dir, {
          DATABASE_URL: this.database.url,
          GRAPH_BASE_URL: `${this.graphUrl}/v1.0`,
          SEED_DEMO: '0',
          SCHEDULER: '1',
          SCHEDULER_TICK_SECONDS: String(this.options.tickSeconds),
        });
      }),
    );
    const facades = started.map(({ child, url }) => ({ child, url, pid: child.pid! }));
    for (const f of facades) this.keySets.push(createRemoteJWKSet(new URL(`${f.url}/dev/jwks.json`)));
    this.facades.push(...facades);
    return facades;
  }

  /** Makes every user's scheduled run due now (their interval has passed since the last one). */
  async makeDue(): Promise<void> {
    const back = `${this.options.scheduleMinutes + 1} minutes`;
    await this.store.db.query(
      `UPDATE sync_settings SET updated_at = updated_at - $1::interval WHERE user_id = ANY($2::text[])`,
      [back, this.users],
    );
    // The scheduler reads when runs started from this column.
    await this.store.db.query(
      `UPDATE sync_runs SET started_at = started_at - $1::interval WHERE user_id = ANY($2::text[])`,
      [back, this.users],
    );
  }

  /** The scheduled runs stored, oldest first. */
  async scheduledRuns(): Promise<ScheduledRun[]> {
    const { rows } = await this.store.db.query<{
      user_id: string;
      id: string;
      status: string;
      started_at: Date;
    }>(
      `SELECT user_id, id, record->>'status' AS status, started_at FROM sync_runs
        WHERE record->>'trigger' = 'schedule' ORDER BY started_at, id`,
    );
    return rows.map((r) => ({ userId: r.user_id, id: r.id, status: r.status, startedAt: r.started_at }));
  }

  /** The runs a process works on now: it holds their leases, their records are saved as running. */
  async runningIn(pid: number): Promise<string[]> {
    const { rows } = await this.store.db.query<{ id: string }>(
      `SELECT r.id FROM sync_leases l JOIN sync_runs r ON r.id = l.owner
        WHERE l.expires_at > now() AND r.record->>'status' = 'running' AND l.holder_pid = $1`,
      [pid],
    );
    return rows.map((r) => r.id);
  }

  /** pg-boss jobs of scheduled runs by state (created, retry, active, completed, failed…). */
  async jobStates(): Promise<Record<string, number>> {
    const { rows } = await this.store.db.query<{ state: string; n: number }>(
      `SELECT state::text AS state, count(*)::int AS n FROM pgboss.job
        WHERE name = 'sync-scheduled-run' GROUP BY state`,
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /**
   * What the scheduled work looks like now, as text for a poll that gave up (pollUntil's `state`):
   * the users without a succeeded scheduled run, each with its run records (status, lease holder
   * and expiry) and its pg-boss jobs (state, retries, when started and due, the last error), the
   * job counts by state, and which facade processes are alive. A red run in CI says which of
   * "a killed run never redone, a job stuck active or waiting to retry, a lease never lapsing, or
   * only slow" it was.
   */
  async describeState(): Promise<string> {
    const q = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
      this.store.db.query<R>(text, values).then((r) => r.rows);
    const [{ now }] = (await q<{ now: string }>(`SELECT now()::text AS now`)) as [{ now: string }];
    const served = new Set(
      (await this.scheduledRuns()).filter((r) => r.status === 'succeeded').map((r) => r.userId),
    );
    const unserved = this.users.filter((u) => !served.has(u));
    const runs = await q<{
      user_id: string;
      id: string;
      status: string;
      started_at: string;
      lease: string | null;
    }>(
      `SELECT r.user_id, r.id, r.record->>'status' AS status, r.started_at::text AS started_at,
              (SELECT 'pid ' || l.holder_pid || ' until ' || l.expires_at::text FROM sync_leases l
                WHERE l.owner = r.id) AS lease
         FROM sync_runs r WHERE r.user_id = ANY($1::text[]) ORDER BY r.started_at`,
      [unserved],
    );
    const jobs = await q<{
      user_id: string;
      id: string;
      state: string;
      retry_count: number;
      created_on: string;
      started_on: string | null;
      start_after: string;
      output: unknown;
      key: string | null;
    }>(
      `SELECT data->>'userId' AS user_id, id::text, state::text, retry_count, created_on::text,
              started_on::text, start_after::text, output, data->>'key' AS key
         FROM pgboss.job WHERE name = 'sync-scheduled-run' AND data->>'userId' = ANY($1::text[])
        ORDER BY created_on`,
      [unserved],
    );
    const alive = this.facades.map((f) => {
      const up = f.child.exitCode === null && f.child.signalCode === null;
      return `pid ${f.pid} ${up ? 'alive' : `ended (${f.child.signalCode ?? f.child.exitCode})`}`;
    });
    const lines = [
      `database now ${now}; jobs by state ${JSON.stringify(await this.jobStates())}`,
      `facades: ${alive.join(', ')}`,
      `${unserved.length} of ${this.users.length} users without a succeeded scheduled run:`,
    ];
    for (const u of unserved) {
      lines.push(`  ${u}`);
      for (const r of runs.filter((x) => x.user_id === u))
        lines.push(`    run ${r.id} ${r.status} started ${r.started_at} lease ${r.lease ?? 'none'}`);
      for (const j of jobs.filter((x) => x.user_id === u))
        lines.push(
          `    job ${j.id} ${j.state} retries ${j.retry_count} created ${j.created_on} started ` +
            `${j.started_on ?? '-'} due ${j.start_after} key ${j.key ?? '-'}` +
            (j.output ? ` output ${JSON.stringify(j.output).slice(0, 200)}` : ''),
        );
    }
    return lines.join('\n');
  }

  /** Contacts in the user's mailbox, all folders. */
  mailboxContacts(userKey: string): number {
    const oid = userKey.split(':')[1]!;
    const mailbox = this.emulator.store.findMailbox(oid);
    if (!mailbox) return 0;
    let n = 0;
    for (const folder of mailbox.folders.values()) n += folder.contacts.size;
    return n;
  }

  /** Sends the signal to a facade and waits for it to end. */
  stopFacade(facade: Facade, signal: NodeJS.Signals): Promise<number | null> {
    return this.processes.stop(facade.child, signal);
  }

  async close(): Promise<void> {
    this.processes.killAll();
    await this.stopGraph().catch(() => undefined);
    await this.store.close().catch(() => undefined);
    await this.database.drop();
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}
