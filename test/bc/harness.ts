import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';
import type { TokenVerifier } from '../../src/server/auth/verify.js';
import type { BcSource } from '../../src/server/bc-api/bc-source.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeContext } from '../../src/server/context.js';
import { insertCompany } from '../../src/store/bc-repository.js';
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
  readonly template: Blob | File;
  readonly listen?: boolean;
  /** Serve this source instead of the store (upstream mode). */
  readonly source?: BcSource;
  readonly issuer?: DevIssuer;
  /** Verifies bearer tokens instead of the dev issuer (a stand-in tenant trusting Entra's tokens). */
  readonly verifyToken?: TokenVerifier;
  /** Where the BC API is mounted (default /api/v2.0; a tenant's is /v2.0/{tenant}/{environment}/api/v2.0). */
  readonly prefix?: string;
}

/** One facade on a PGlite loaded from the migrated template, with a company and a token. */
export async function startFacade(options: FacadeOptions): Promise<Facade> {
  const db = await openPglite({ loadDataDir: options.template });
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
  };
  // The real app (buildApp), as npm start mounts it, with this facade's BC source and mount point.
  const app = await buildApp({
    ctx,
    bc: { ...(options.source ? { source: options.source } : {}), prefix: options.prefix ?? '/api/v2.0' },
  });
  const company = await insertCompany(db, clock, { name: 'CRONUS Test' });
  // Ann (the harness's token) is a member of the company (issue 10 §2: the BC API answers only then).
  await grantMembership(db, devUserKey('ann@contoso.com'), company.id, 'test harness');
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
      await db.close();
    },
  };
}
