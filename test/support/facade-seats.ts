import { afterAll, beforeAll } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { BcContacts } from '../../src/core/ports.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

/** Who makes a BC create: the pane over HTTP, or the scheduler / CLI in-process on the facade's store. */
export type Host = 'pane' | 'scheduler';

/** A user who is a member of `companyId`, with a token for the facade. */
export interface Seat {
  readonly userId: string;
  readonly token: string;
  readonly companyId: string;
}

export interface FacadeSeats {
  /** The file's facade (started before its tests, closed after them). */
  readonly facade: Facade;
  /** A new user who is a member of `companyId` (a new company when none is given). */
  seat(companyId?: string): Promise<Seat>;
  /** The host's BC adapter for the seat: the pane's over HTTP, the scheduler's and the CLI's in-process. */
  adapter(host: Host, s: Seat): BcContacts;
}

/**
 * One facade for a test file whose tables make BC creates from both hosts: users named
 * `${prefix}${n}@contoso.com`, companies `${companyName} ${n}`, memberships granted by `grantedBy`.
 * Call at the file's top level (it registers beforeAll / afterAll).
 */
export function facadeSeats(prefix: string, companyName: string, grantedBy: string): FacadeSeats {
  let facade: Facade | null = null;
  let seats = 0;
  beforeAll(async () => {
    const { template } = await buildMigratedTemplate();
    facade = await startFacade({ template });
  });
  afterAll(async () => {
    await facade?.close();
  });
  const started = (): Facade => {
    if (facade === null) throw new Error('facadeSeats: the facade is started in beforeAll');
    return facade;
  };
  return {
    get facade() {
      return started();
    },
    async seat(companyId?: string): Promise<Seat> {
      const f = started();
      const n = ++seats;
      const upn = `${prefix}${n}@contoso.com`;
      const company = companyId ?? (await insertCompany(f.db, f.clock, { name: `${companyName} ${n}` })).id;
      await grantMembership(f.db, devUserKey(upn), company, grantedBy);
      return { userId: devUserKey(upn), token: await f.issuer.userToken(upn, 'facade'), companyId: company };
    },
    adapter(host: Host, s: Seat): BcContacts {
      const f = started();
      if (host === 'scheduler') return new MemberStoreBcContacts(f.db, f.clock, s.companyId, s.userId);
      return paneAdapter(f.app, s);
    },
  };
}

/** The pane's BC adapter for `s` over the facade `app` (in-process HTTP, no waits, no jitter). */
export function paneAdapter(app: Parameters<typeof injectFetch>[0], s: Seat): HttpBcContacts {
  return new HttpBcContacts({
    baseUrl: 'http://facade.internal/api/v2.0',
    companyId: s.companyId,
    getToken: async () => s.token,
    sleep: async () => undefined,
    random: () => 0.5,
    fetch: injectFetch(app) as typeof fetch,
  });
}
