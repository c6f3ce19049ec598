import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// Tester F64: the facade kept an Idempotency-Key's answer under the Authorization header string,
// in its own process, so the same user's resend with a refreshed token, or one reaching another
// facade process, created the contact again. Now a key belongs to the user (tenant + object id of
// the token) and its answer is kept in the database (migration 012): every facade on it, and
// after a restart, answer a resend with the first answer. Here two facades share one PostgreSQL.

const ANN = 'ann@contoso.com';
const BOB = 'bob@contoso.com';
type Json = Record<string, unknown>;

let db: TestDatabase;
let one: QuietServer;
let two: QuietServer;
let companyId: string;

const token = (server: QuietServer, upn: string, lifetimeSeconds = 3600) =>
  server.ctx.devIssuer!.userToken(upn, 'facade', { lifetimeSeconds });

async function create(server: QuietServer, auth: string, email: string, key: string) {
  const res = await fetch(`${server.url}/api/v2.0/companies(${companyId})/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ type: 'Person', displayName: email, email }),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.text() };
}

async function copies(email: string): Promise<number> {
  const filter = encodeURIComponent(`email eq '${email}'`);
  const res = await fetch(`${one.url}/api/v2.0/companies(${companyId})/contacts?$filter=${filter}`, {
    headers: { authorization: `Bearer ${await token(one, ANN)}` },
  });
  return ((await res.json()) as { value: Json[] }).value.length;
}

beforeAll(async () => {
  db = await createTestDatabase('idem_principal');
  const env = { DATABASE_URL: db.url, SEED_DEMO: '1' };
  one = await startQuietServer('idem-one-', { env, overrides: NO_RATE_LIMIT });
  // One process serves the embedded Graph; the other uses it (README "Configuration").
  two = await startQuietServer('idem-two-', {
    env: { ...env, GRAPH_BASE_URL: `${one.url}/graph/v1.0` },
    overrides: NO_RATE_LIMIT,
  });
  const res = await fetch(`${one.url}/api/v2.0/companies`, {
    headers: { authorization: `Bearer ${await token(one, ANN)}` },
  });
  companyId = ((await res.json()) as { value: Json[] }).value[0]!.id as string;
  for (const upn of [ANN, BOB]) await grantMembership(one.ctx.db, devUserKey(upn), companyId, 'test');
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
});

describe('an Idempotency-Key belongs to the user and lives in the database (F64)', () => {
  /**
   * Ann creates `email` with `key` through the first process (a token of an hour), then sends it again
   * through `to` with a token of `lifetimeSeconds`: the first answer, replayed, one contact.
   */
  async function resendAnswersFirst(
    to: QuietServer,
    lifetimeSeconds: number,
    email: string,
    key: string,
  ): Promise<void> {
    const first = await create(one, await token(one, ANN, 3600), email, key);
    const again = await create(to, await token(to, ANN, lifetimeSeconds), email, key);
    expect(first.status).toBe(201);
    expect([again.status, again.replayed, again.body]).toEqual([201, 'true', first.body]);
    expect(await copies(email)).toBe(1);
  }

  test('the named example: the same user sends again with a refreshed token: the first answer, one contact', async () => {
    await resendAnswersFirst(one, 1800, 'f64-refreshed@fabrikam.com', 'f64-key-1');
  });

  test('a resend reaching another facade process on the same database: the first answer, one contact', async () => {
    await resendAnswersFirst(two, 3600, 'f64-process@fabrikam.com', 'f64-key-2');
  });

  test('another user with the same key is another request: two contacts, nothing replayed', async () => {
    const ann = await create(one, await token(one, ANN), 'f64-other@fabrikam.com', 'f64-key-3');
    const bob = await create(two, await token(two, BOB), 'f64-other@fabrikam.com', 'f64-key-3');
    expect([ann.status, bob.status, bob.replayed]).toEqual([201, 201, null]);
    expect(bob.body).not.toBe(ann.body);
    expect(await copies('f64-other@fabrikam.com')).toBe(2);
  });

  test('the same key with another body from the same user, on another process: 422, nothing created', async () => {
    await create(one, await token(one, ANN), 'f64-reused@fabrikam.com', 'f64-key-4');
    const other = await create(two, await token(two, ANN), 'f64-reused-2@fabrikam.com', 'f64-key-4');
    expect([other.status, (JSON.parse(other.body) as { error: { code: string } }).error.code]).toEqual([
      422,
      'IdempotencyKeyReused',
    ]);
    expect(await copies('f64-reused-2@fabrikam.com')).toBe(0);
  });
});
