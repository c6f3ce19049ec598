import { afterAll, beforeAll } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { companyHosts } from './company-hosts.js';
import type { CompanyHosts } from './company-hosts.js';
import { NO_RATE_LIMIT, startQuietServer } from './quiet-server.js';
import type { QuietServer } from './quiet-server.js';

/** What `handClockCompany` sets up; `server` and `hosts` are there once its beforeAll ran. */
export interface HandClockCompany {
  readonly clock: ManualClock;
  server: QuietServer;
  hosts: CompanyHosts;
}

/**
 * Ann and Bob of one company (addresses of `domain` in scope) on a quiet `npm start` server whose
 * facade clock is moved by hand, so holds of minutes take no minutes. Registers the describe
 * block's beforeAll (start, sign in, first sync) and afterAll (close). Shared by the create-turn
 * hold suites (F72 and the attacker pass's line places).
 */
export function handClockCompany(dirPrefix: string, domain: string): HandClockCompany {
  const world = { clock: new ManualClock(new Date().toISOString()) } as HandClockCompany;
  beforeAll(async () => {
    world.server = await startQuietServer(dirPrefix, { overrides: NO_RATE_LIMIT, announce: true });
    world.hosts = await companyHosts(world.server, ['ann@contoso.com', 'bob@contoso.com'], domain);
    Object.assign(world.server.ctx, { clock: world.clock });
  });
  afterAll(async () => world.server?.close());
  return world;
}
