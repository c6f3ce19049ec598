import type { FastifyInstance } from 'fastify';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { BcContact, OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import type { MailFolder } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import type { RunOutcome } from '../../src/core/run.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import type { TestIssuer } from '../../src/emulator/index.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { uncertainFetch } from './uncertain-fetch.js';
import type { UncertainLog, WriteCall, WriteFate } from './uncertain-fetch.js';

/**
 * The real facade (BC API over PGlite) and the real Graph emulator, reached in process through
 * `inject` or over loopback HTTP, with the engine's real adapters (HttpBcContacts, GraphMailbox)
 * behind a fault layer on each side (uncertain-fetch.ts). One world hosts many salespeople: each
 * `Seat` has its own BC company, mailbox and state, so property cases share the set-up cost.
 */
export class UncertainWorld {
  private seats = 0;

  private constructor(
    readonly facade: Facade,
    readonly emulator: FastifyInstance,
    readonly issuer: TestIssuer,
    private readonly graphOrigin: string,
    private readonly path: 'http' | 'inProcess',
  ) {}

  static async start(path: 'http' | 'inProcess' = 'inProcess'): Promise<UncertainWorld> {
    const { template } = await buildMigratedTemplate();
    const facade = await startFacade({ template, listen: path === 'http' });
    const issuer = await createTestIssuer();
    const { app } = await startableGraphEmulator({ auth: issuer.auth });
    const graphOrigin =
      path === 'http'
        ? await app.listen({ port: 0, host: '127.0.0.1' })
        : (await app.ready(), 'http://graph.test');
    return new UncertainWorld(facade, app, issuer, graphOrigin, path);
  }

  /**
   * A new salesperson: their own BC company, mailbox and sync state; no faults until `faults` is
   * set. `silentResends`: the engine's mailbox is the pane's (GraphMailboxOptions.silentResends).
   */
  async seat(options: { readonly silentResends?: boolean } = {}): Promise<Seat> {
    const n = ++this.seats;
    const company = await insertCompany(this.facade.db, this.facade.clock, { name: `Company ${n}` });
    await grantMembership(this.facade.db, devUserKey('ann@contoso.com'), company.id, 'uncertain world');
    const bcInner = this.path === 'http' ? fetch : injectFetch(this.facade.app);
    const graphInner = this.path === 'http' ? fetch : injectFetch(this.emulator);
    const user = {
      oid: `5b0c6f1e-3333-4000-8000-${String(n).padStart(12, '0')}`,
      upn: `seat${n}@contoso.test`,
    };
    return new Seat(this.facade, company.id, user, this.issuer, {
      bcRoot: this.path === 'http' ? `${this.facade.origin}/api/v2.0` : 'http://facade.internal/api/v2.0',
      graphRoot: `${this.graphOrigin}/v1.0`,
      bcInner,
      graphInner,
      silentResends: options.silentResends ?? false,
    });
  }

  async close(): Promise<void> {
    await this.emulator.close();
    await this.facade.close();
  }
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

interface SeatWiring {
  readonly bcRoot: string;
  readonly graphRoot: string;
  readonly bcInner: Fetch;
  readonly graphInner: Fetch;
  readonly silentResends: boolean;
}

/** Fates of one side's writes, set per run; 'ok' for all when null. */
export type FateRule = ((write: WriteCall) => WriteFate) | null;

export class Seat {
  readonly store = new MemorySyncStateStore();
  /** The engine's adapters, behind the fault layer. */
  readonly bc: HttpBcContacts;
  readonly mailbox: GraphMailbox;
  /** The same services without faults: what a user (or the test's checks) sees. */
  readonly bcDirect: HttpBcContacts;
  readonly mailboxDirect: GraphMailbox;
  bcFates: FateRule = null;
  graphFates: FateRule = null;
  readonly bcLog: UncertainLog;
  readonly graphLog: UncertainLog;
  private runs = 0;
  private readonly bcInner: Fetch;
  private readonly bcRoot: string;

  constructor(
    private readonly facade: Facade,
    readonly companyId: string,
    readonly user: { readonly oid: string; readonly upn: string },
    issuer: TestIssuer,
    wiring: SeatWiring,
  ) {
    this.bcInner = wiring.bcInner;
    this.bcRoot = wiring.bcRoot;
    const bcFaulty = uncertainFetch(wiring.bcInner, (w) => this.bcFates?.(w) ?? 'ok');
    const graphFaulty = uncertainFetch(wiring.graphInner, (w) => this.graphFates?.(w) ?? 'ok');
    this.bcLog = bcFaulty.log;
    this.graphLog = graphFaulty.log;
    const token = facade.auth.slice('Bearer '.length);
    const bcOptions = {
      baseUrl: wiring.bcRoot,
      companyId,
      getToken: async () => token,
      sleep: async () => undefined,
      random: () => 0.5,
    };
    this.bc = new HttpBcContacts({ ...bcOptions, fetch: bcFaulty.fetch as typeof fetch });
    this.bcDirect = new HttpBcContacts({ ...bcOptions, fetch: wiring.bcInner as typeof fetch });
    let graphToken: Promise<string> | undefined;
    const graphOptions = {
      baseUrl: wiring.graphRoot,
      mailbox: { kind: 'me' as const },
      // One token, as a client keeps it (crash-hosts.ts graphOver).
      getToken: () =>
        (graphToken ??= issuer.userToken(user.oid, user.upn, { scopes: ['Contacts.ReadWrite'] })),
      sleep: async () => undefined,
      random: () => 0.5,
    };
    this.mailbox = new GraphMailbox({
      ...graphOptions,
      fetch: graphFaulty.fetch,
      silentResends: wiring.silentResends,
    });
    this.mailboxDirect = new GraphMailbox({ ...graphOptions, fetch: wiring.graphInner });
  }

  async sync(mode: SyncMode): Promise<RunOutcome> {
    this.facade.clock.advance(10 * 60_000);
    return runSync(
      {
        bc: this.bc,
        mailbox: this.mailbox,
        store: this.store,
        clock: this.facade.clock,
        logger: silentLogger,
      },
      { runId: `run-${++this.runs}`, userId: this.user.upn, mode, dryRun: false, trigger: 'pane' },
    );
  }

  async folder(): Promise<MailFolder> {
    return this.mailboxDirect.ensureFolder('Business Central');
  }

  async bcAll(): Promise<BcContact[]> {
    return this.bcDirect.listAll();
  }

  async outlookAll(): Promise<OutlookContact[]> {
    return this.mailboxDirect.listContacts((await this.folder()).id);
  }

  /** A BC user deletes a contact (BC API v2.0 DELETE with If-Match). */
  async deleteInBc(id: string): Promise<void> {
    const res = await this.bcInner(`${this.bcRoot}/companies(${this.companyId})/contacts(${id})`, {
      method: 'DELETE',
      headers: { authorization: this.facade.auth, 'if-match': '*' },
    });
    if (res.status !== 204) throw new Error(`DELETE ${id}: ${res.status} ${await res.text()}`);
  }

  /** Outlook contacts a user types (no BC id). */
  async typeInOutlook(drafts: readonly OutlookContactDraft[]): Promise<OutlookContact[]> {
    const out = await this.mailboxDirect.create((await this.folder()).id, drafts);
    return out.map((o) => {
      if (!o.ok) throw new Error(o.error.message);
      return o.value;
    });
  }
}
