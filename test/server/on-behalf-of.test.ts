/**
 * Issue 10 §2: the facade's on-behalf-of exchange (`onBehalfOfTokens`, @azure/msal-node's
 * acquireTokenOnBehalfOf) against the loopback Entra stand-in, which implements the OBO token
 * request as the Microsoft identity platform documents it. Tokens are held per user until 5 minutes
 * before expiry, Entra's refusals are typed data, and a token endpoint that does not answer ends
 * the call by the deadline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeJwt } from 'jose';
import { onBehalfOfTokens } from '../../src/server/bc-api/on-behalf-of.js';
import { TokenRequestError } from '../../src/server/bc-api/upstream-token.js';
import {
  BC_DELEGATED,
  BC_RESOURCE,
  STANDIN_FACADE_APP,
  STANDIN_SYNC_APP,
  loopbackFetch,
  startEntraStandin,
} from '../support/entra-standin.js';
import type { EntraStandin } from '../support/entra-standin.js';

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const ANN = '0a0b0c0d-1111-4222-8333-444455556666';
const BO = '0a0b0c0d-1111-4222-8333-777788889999';
const bcIssuer = (t: string) => `https://sts.windows.net/${t}/`;
const SCOPE = `${BC_RESOURCE}/.default`;

let entra: EntraStandin;

beforeAll(async () => {
  entra = await startEntraStandin({
    tenants: [TENANT],
    apps: [STANDIN_FACADE_APP, STANDIN_SYNC_APP],
    resources: { [BC_RESOURCE]: { audience: BC_RESOURCE, issuer: bcIssuer } },
  });
});
afterAll(() => entra.close());

function exchange(overrides: { clientSecret?: string; now?: () => number; timeoutMs?: number } = {}) {
  return onBehalfOfTokens({
    tenantId: TENANT,
    clientId: STANDIN_FACADE_APP.clientId,
    clientSecret: overrides.clientSecret ?? STANDIN_FACADE_APP.secret,
    authority: entra.authority,
    fetch: loopbackFetch({ [entra.authority]: entra.url }),
    scope: SCOPE,
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}

const paneToken = (oid: string, audience = STANDIN_FACADE_APP.apiAudiences[1]!) =>
  entra.userToken({
    tenant: TENANT,
    oid,
    upn: `${oid}@contoso.com`,
    audience,
    scp: 'Sync.ReadWrite BC.ReadWrite',
  });

const userKey = (oid: string) => `${TENANT}:${oid}`;

describe('on-behalf-of tokens (msal-node)', () => {
  test('the token request is Entra’s documented OBO request; the token carries the user and delegated scp', async () => {
    const before = entra.oboRequests.length;
    const assertion = await paneToken(ANN);
    const token = await exchange()({ userId: userKey(ANN), assertion });
    const form = entra.oboRequests[before]!;
    expect(Object.fromEntries(form)).toEqual(
      expect.objectContaining({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        assertion,
        client_id: STANDIN_FACADE_APP.clientId,
        client_secret: STANDIN_FACADE_APP.secret,
      }),
    );
    expect(form.get('scope')?.split(' ')).toContain(SCOPE);
    const claims = decodeJwt(token);
    expect(claims).toEqual(
      expect.objectContaining({
        oid: ANN,
        tid: TENANT,
        scp: BC_DELEGATED,
        aud: BC_RESOURCE,
        iss: bcIssuer(TENANT),
      }),
    );
    expect(claims.roles).toBeUndefined();
  });

  test('held per user until 5 minutes before expiry: one request per user, a new sign-in asks again', async () => {
    const get = exchange();
    const before = entra.oboRequests.length;
    const ann = await paneToken(ANN);
    const bo = await paneToken(BO);
    const a1 = await get({ userId: userKey(ANN), assertion: ann });
    const [a2, a3] = await Promise.all([
      get({ userId: userKey(ANN), assertion: ann }),
      get({ userId: userKey(ANN), assertion: ann }),
    ]);
    const b1 = await get({ userId: userKey(BO), assertion: bo });
    expect([a2, a3]).toEqual([a1, a1]);
    expect(decodeJwt(b1).oid).toBe(BO);
    expect(entra.oboRequests.length - before).toBe(2);
    // Ann signs in again: her new token is exchanged (the held one was for the old assertion).
    const again = await paneToken(ANN);
    await get({ userId: userKey(ANN), assertion: again });
    expect(entra.oboRequests.length - before).toBe(3);
  });

  test('a token within 5 minutes of its expiry is not handed out: the next call asks Entra again', async () => {
    let now = Date.now();
    const get = exchange({ now: () => now });
    const assertion = await paneToken(ANN);
    const before = entra.oboRequests.length;
    await get({ userId: userKey(ANN), assertion });
    await get({ userId: userKey(ANN), assertion });
    expect(entra.oboRequests.length - before).toBe(1);
    now += (3599 - 5 * 60 + 1) * 1000; // 5 minutes before expiry, and a second
    await get({ userId: userKey(ANN), assertion });
    expect(entra.oboRequests.length - before).toBe(2);
  });

  test('the pane’s sign-in expires mid-run: the held token serves while it lives, then Entra’s refusal comes as data (AADSTS500133), never app-only', async () => {
    // Entra and the facade on one clock the test moves: no waiting.
    let now = Date.now();
    const standin = await startEntraStandin({
      tenants: [TENANT],
      apps: [STANDIN_FACADE_APP],
      resources: { [BC_RESOURCE]: { audience: BC_RESOURCE, issuer: bcIssuer } },
      now: () => now,
    });
    try {
      const get = onBehalfOfTokens({
        tenantId: TENANT,
        clientId: STANDIN_FACADE_APP.clientId,
        clientSecret: STANDIN_FACADE_APP.secret,
        authority: standin.authority,
        fetch: loopbackFetch({ [standin.authority]: standin.url }),
        scope: SCOPE,
        now: () => now,
      });
      // The pane's token lives 30 minutes; the BC token it is exchanged for, an hour.
      /** Ann's token from the pane, for the facade's API audience. */
      const annsToken = (more: { lifetimeSeconds?: number } = {}) =>
        standin.userToken({
          tenant: TENANT,
          oid: ANN,
          upn: 'ann@contoso.com',
          audience: STANDIN_FACADE_APP.apiAudiences[1]!,
          scp: 'Sync.ReadWrite BC.ReadWrite',
          ...more,
        });
      const assertion = await annsToken({ lifetimeSeconds: 1800 });
      const first = await get({ userId: userKey(ANN), assertion });
      // 40 minutes into the run: the sign-in has expired, the BC token has not: it still serves.
      now += 40 * 60 * 1000;
      expect(await get({ userId: userKey(ANN), assertion })).toBe(first);
      expect(standin.oboRequests).toHaveLength(1);
      // 57 minutes: the BC token is within 5 minutes of its end; renewing it needs a live assertion.
      now += 17 * 60 * 1000;
      const err = await get({ userId: userKey(ANN), assertion }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TokenRequestError);
      expect((err as TokenRequestError).grant).toBe('onBehalfOf');
      expect((err as TokenRequestError).refusal).toMatchObject({ error: 'invalid_grant', aadsts: 500133 });
      // Nothing was asked with the facade's own (app-only) credentials instead.
      expect(standin.requests.map((r) => r.clientId)).toEqual([
        STANDIN_FACADE_APP.clientId,
        STANDIN_FACADE_APP.clientId,
      ]);
      expect(standin.oboRequests).toHaveLength(2);
      // A new sign-in (a fresh token from the pane) is exchanged again.
      const fresh = await annsToken();
      expect(decodeJwt(await get({ userId: userKey(ANN), assertion: fresh })).oid).toBe(ANN);
    } finally {
      await standin.close();
    }
  });

  test.each([
    [
      'an app-only token as the assertion (OBO is for user principals)',
      () =>
        entra.appToken({
          tenant: TENANT,
          clientId: STANDIN_SYNC_APP.clientId,
          audience: STANDIN_FACADE_APP.clientId,
          roles: ['BC.ReadWrite.All'],
        }),
      'invalid_grant',
      50013,
    ],
    [
      'a token for another API (audience)',
      () => paneToken(ANN, 'api://someone-else'),
      'invalid_grant',
      50013,
    ],
    ['a wrong client secret', () => paneToken(ANN), 'invalid_client', 7000215],
  ] as const)(
    'Entra refuses %s: TokenRequestError with its error and AADSTS number, nothing held',
    async (_name, assertionOf, error, aadsts) => {
      const assertion = await assertionOf();
      const get = exchange(error === 'invalid_client' ? { clientSecret: 'wrong' } : {});
      const err = await get({ userId: userKey(ANN), assertion }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TokenRequestError);
      expect((err as TokenRequestError).grant).toBe('onBehalfOf');
      expect((err as TokenRequestError).refusal).toMatchObject({ error, aadsts });
    },
  );

  test('a token endpoint that never answers ends the call by the deadline (TokenRequestError, no refusal)', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const get = onBehalfOfTokens({
        tenantId: TENANT,
        clientId: STANDIN_FACADE_APP.clientId,
        clientSecret: STANDIN_FACADE_APP.secret,
        authority: 'https://login.silent.test',
        fetch: loopbackFetch({ 'https://login.silent.test': `http://127.0.0.1:${port}` }),
        scope: SCOPE,
        timeoutMs: 300, // the silent endpoint never answers: the outcome cannot depend on speed
      });
      const started = Date.now();
      const err = await get({ userId: userKey(ANN), assertion: await paneToken(ANN) }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TokenRequestError);
      expect((err as TokenRequestError).refusal).toBeNull();
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
