/**
 * A stand-in Business Central tenant as its own process (issue 11 §1): the facade's BC API v2.0
 * mounted where a tenant's is (/v2.0/{tenant}/{environment}/api/v2.0), on its own embedded store,
 * trusting only Entra's BC tokens (bcTenantVerifier: app-only with API.ReadWrite.All, or a user's
 * on-behalf-of token acting as that user). It fetches Entra's signing keys over HTTPS from the
 * stand-in authority at start, so it trusts that host only through NODE_EXTRA_CA_CERTS.
 *
 * Started by test/support/tenant-process.ts with `node --import tsx`. Environment:
 *   TENANT_ID, ENTRA_AUTHORITY (https), BC_ISSUER (the iss of Entra's BC tokens), BC_ENVIRONMENT,
 *   TENANT_SEED: JSON {companies: [{name, contacts: [{displayName, email}], members: [userKey]}]}
 *   (members: the users whose BC permission sets cover the company).
 * Prints one JSON line {origin, companies: {name: id}} once it listens, then a line {seen: {kind,
 * who}} per BC token it accepts; SIGTERM stops it.
 */
import { systemClock } from '../../src/platform/system-clock.js';
import { silentLogger } from '../../src/core/ports.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { insertCompany, insertContact } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { openPglite } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { bcTenantVerifier } from './standin-tenant.js';
import type { SeenBcToken } from './standin-tenant.js';
import type { TenantSeed } from './tenant-process.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const tenant = required('TENANT_ID');
  const authority = required('ENTRA_AUTHORITY');
  const seed = JSON.parse(required('TENANT_SEED')) as TenantSeed;
  const keys = await fetch(`${authority}/${tenant}/discovery/v2.0/keys`);
  if (!keys.ok) throw new Error(`Entra's keys: ${keys.status}`);
  // Each BC token it accepts, as a line {"seen": {kind, who}} for the test (app-only or whose OBO).
  const seen: SeenBcToken[] = [];
  const keep = seen.push.bind(seen);
  seen.push = (...items) => {
    for (const item of items) process.stdout.write(`${JSON.stringify({ seen: item })}\n`);
    return keep(...items);
  };
  const { template } = await buildMigratedTemplate();
  const db = await openPglite({ loadDataDir: template });
  const loaded = loadConfig({ HTTPS: '0', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const app = await buildApp({
    ctx: {
      config: loaded.config,
      db,
      stateStore: new SqlSyncStateStore(db),
      verifyToken: bcTenantVerifier(await keys.json(), tenant, required('BC_ISSUER'), seen),
      devIssuer: null,
      clock: systemClock,
      logger: silentLogger,
    },
    bc: { prefix: `/v2.0/${tenant}/${required('BC_ENVIRONMENT')}/api/v2.0` },
  });
  const companies: Record<string, string> = {};
  for (const c of seed.companies) {
    const company = await insertCompany(db, systemClock, { name: c.name });
    companies[c.name] = company.id;
    for (const contact of c.contacts) {
      const r = await insertContact(db, systemClock, company.id, contact);
      if (!r.ok) throw new Error(r.error.message);
    }
    for (const member of c.members) await grantMembership(db, member, company.id, 'BC permission set');
  }
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ origin, companies })}\n`);
  const stop = () => void app.close().then(() => db.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
