import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { HttpBcContactsOptions } from '../../src/bc/http-bc-contacts.js';
import type { UpstreamBcSourceOptions } from '../../src/server/bc-api/upstream-source.js';
import { UpstreamBcSource } from '../../src/server/bc-api/upstream-source.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { sqlStateAdmission } from '../../src/store/user-scopes.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';
import type { TokenVerifier } from '../../src/server/auth/verify.js';
import type { BcSource } from '../../src/server/bc-api/bc-source.js';
import type { BcApiLimits } from '../../src/server/bc-api/routes.js';
import { buildApp } from '../../src/server/app.js';
import { assertNothingLost, watchSerialization } from '../support/serialized-answers.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeContext } from '../../src/server/context.js';
import { insertCompany, insertContacts } from '../../src/store/bc-repository.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import type { Company } from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';

export interface Facade {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly clock: ManualClock;
  readonly issuer: DevIssuer;
  readonly ctx: FacadeContext;
  readonly company: Company;
  /** A facade user's bearer header value. */
  readonly auth: string;
  /** Base URL when listening (`listen: true`), e.g. http://127.0.0.1:1234 */
  readonly origin: string;
  close(): Promise<void>;
}

export interface FacadeOptions {
  /** Told of every route as it is registered (buildApp's onRoute). */
  readonly onRoute?: (route: RouteOptions) => void;
  readonly template: Blob | File;
  readonly listen?: boolean;
  /** Serve this source instead of the store (upstream mode). */
  readonly source?: BcSource;
  readonly issuer?: DevIssuer;
  /** Verifies bearer tokens instead of the dev issuer (a stand-in tenant trusting Entra's tokens). */
  readonly verifyToken?: TokenVerifier;
  /** Where the BC API is mounted (default /api/v2.0; a tenant's is /v2.0/{tenant}/{environment}/api/v2.0). */
  readonly prefix?: string;
  /** The BC API's work bounds (page size, batch answer bytes); default: the product's. */
  readonly limits?: BcApiLimits;
  /**
   * Another process of `sameStore`'s deployment: its database and company, left open at close.
   * Saves a PGlite load (~10 s at load 27) where a test starts a second facade only to show that
   * nothing was kept in the first one's memory.
   */
  readonly sameStore?: Facade;
  /**
   * A database the test file keeps open across its facades (put back between them with
   * pglite-reset.ts resetDb), left open at close: a template load is 4–7 s of CPU (issue 12: CI time).
   */
  readonly db?: Db;
  /** The company's name (default 'CRONUS Test'; names are unique, so a second facade on `db` needs its own). */
  readonly companyName?: string;
  /** Admit state writes as the product does (start-parts.ts: a member of some company only). */
  readonly stateAdmission?: boolean;
}

/** One facade on a PGlite loaded from the migrated template, with a company and a token. */
export async function startFacade(options: FacadeOptions): Promise<Facade> {
  const db = options.sameStore?.db ?? options.db ?? (await openPglite({ loadDataDir: options.template }));
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');
  const issuer = options.issuer ?? (await createDevIssuer());
  // No rate limits: a scenario sends more requests in a moment than a user would (rate-limits.test covers them).
  const loaded = loadConfig({ HTTPS: '0', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const ctx: FacadeContext = {
    config: loaded.config,
    db,
    stateStore: new SqlSyncStateStore(db),
    verifyToken: options.verifyToken ?? devTokenVerifier(issuer),
    devIssuer: issuer,
    clock,
    logger: silentLogger,
    ...(options.stateAdmission ? { stateAdmission: sqlStateAdmission(db) } : {}),
  };
  // The real app (buildApp), as npm start mounts it, with this facade's BC source and mount point.
  const app = await buildApp({
    ctx,
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
    bc: {
      ...(options.source ? { source: options.source } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      prefix: options.prefix ?? '/api/v2.0',
    },
  });
  const company =
    options.sameStore?.company ??
    (await insertCompany(db, clock, { name: options.companyName ?? 'CRONUS Test' }));
  // Ann (the harness's token) is a member of the company (issue 10 §2: the BC API answers only then).
  await grantMembership(db, devUserKey('ann@contoso.com'), company.id, 'test harness');
  const serialized = watchSerialization(app);
  let origin = '';
  if (options.listen) origin = await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.ready();
  return {
    app,
    db,
    clock,
    issuer,
    ctx,
    company,
    auth: `Bearer ${await issuer.userToken('ann@contoso.com', 'facade')}`,
    origin,
    close: async () => {
      await app.close();
      if (!options.sameStore && !options.db) await db.close();
      assertNothingLost(serialized);
    },
  };
}

/** `n` contacts (bcDraft 1..n) written straight into the facade's company, as BC users enter them. */
export async function seedContacts(f: Facade, n: number): Promise<void> {
  const made = await insertContacts(
    f.db,
    f.clock,
    f.company.id,
    Array.from({ length: n }, (_, k) => bcDraft(k + 1)),
  );
  if (!made.every((m) => m.ok)) throw new Error('seed failed');
}

/** The BC API's path of the facade's test company (`/api/v2.0/companies(<id>)`, or under `prefix`). */
export const companyPath = (f: Facade, prefix = '/api/v2.0') => `${prefix}/companies(${f.company.id})`;

/**
 * One facade for a test file: started on a migrated template before its tests, closed after them.
 * `seed`: that many contacts in its company first (seedContacts). `onStart` receives it (the file
 * keeps it in its own variables).
 */
export function withFacade(
  onStart: (f: Facade) => void | Promise<void>,
  { seed = 0, ...options }: Omit<FacadeOptions, 'template'> & { readonly seed?: number } = {},
): void {
  let f: Facade | undefined;
  beforeAll(async () => {
    const { template } = await buildMigratedTemplate();
    f = await startFacade({ template, ...options });
    if (seed > 0) await seedContacts(f, seed);
    await onStart(f);
  });
  afterAll(async () => f?.close());
}

// Tests read deep into JSON bodies; a loose type keeps them short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FacadeBody = Record<string, any>;

export type FacadeMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One request to a facade's app as its user: JSON in and out (an empty body reads as `{}`). `url`
 * may be absolute (a nextLink or deltaLink): its origin is dropped.
 */
export async function facadeCall<B = FacadeBody>(
  f: Facade,
  method: FacadeMethod,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await f.app.inject({
    method,
    url: url.replace(/^https?:\/\/[^/]+/, ''),
    headers: { authorization: f.auth, ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: (res.body === '' ? {} : res.json()) as B, headers: res.headers };
}

/** One answer of a `$batch`: its operation's id, status and body. */
export interface BatchAnswer {
  id: string;
  status: number;
  body?: FacadeBody & { error?: { code: string } };
}

/** `requests` POSTed to `f`'s `$batch` as its user, which must answer 200: the operations' answers. */
export async function batchAnswers(f: Facade, requests: unknown[]): Promise<BatchAnswer[]> {
  const r = await facadeCall<{ responses?: BatchAnswer[] }>(f, 'POST', '/api/v2.0/$batch', { requests });
  if (r.status !== 200 || !r.body.responses)
    throw new Error(`$batch answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.responses;
}

/** A contact POSTed to `path` on `f`, which must answer 201: its body, for the test to look at. */
export async function createdContact<B = FacadeBody>(f: Facade, path: string, fields: object): Promise<B> {
  const r = await facadeCall<B>(f, 'POST', path, fields);
  expect(r.status).toBe(201);
  return r.body;
}

/**
 * A fetch that passes every request through and keeps the most it had open at once (`most`, which a
 * test sets back to 0 between phases): how many lanes a reader or writer really used.
 */
export function openCounter(onRequest: (input: string | URL | Request) => void = () => undefined) {
  let open = 0;
  const counter = {
    most: 0,
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      onRequest(input);
      open++;
      counter.most = Math.max(counter.most, open);
      try {
        return await fetch(input, init);
      } finally {
        open--;
      }
    },
  };
  return counter;
}

/** An HttpBcContacts on a listening facade's test company, as its user. */
export function httpBcContactsOn(f: Facade, options: Partial<HttpBcContactsOptions> = {}): HttpBcContacts {
  const token = f.auth.slice('Bearer '.length);
  return new HttpBcContacts({
    baseUrl: `${f.origin}/api/v2.0`,
    companyId: f.company.id,
    getToken: async () => token,
    ...options,
  });
}

/**
 * A facade in upstream mode in front of `tenant` (a listening facade playing the BC tenant): it reads
 * and writes the tenant with an app-only token holding the BC API role, and Ann is a member of the
 * tenant's company in the front's own store (memberships are keyed by the upstream company's id).
 */
export async function startFront(
  tenant: Facade,
  template: Blob | File,
  upstream: Partial<UpstreamBcSourceOptions> = {},
  options: Omit<FacadeOptions, 'template' | 'source'> = {},
): Promise<Facade> {
  const appToken = await tenant.issuer.appToken('facade', ['BC.ReadWrite.All']);
  const source = new UpstreamBcSource({
    apiRoot: `${tenant.origin}/api/v2.0`,
    getToken: async () => appToken,
    clock: new ManualClock(),
    ...upstream,
  });
  const front = await startFacade({ template, source, ...options });
  await grantMembership(front.db, devUserKey('ann@contoso.com'), tenant.company.id, 'test');
  return front;
}
