import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { parseUserKey, userKeyOf } from '../../src/server/auth/identity.js';
import { AuthError, entraVerifier } from '../../src/server/auth/verify.js';
import type { EntraVerifier } from '../../src/server/auth/verify.js';
import { loadConfig } from '../../src/server/config.js';

// Issue 10 §1: Entra v2.0 access tokens of one tenant, users keyed by tid + oid.

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const OTHER_TENANT = '7e2d3b4c-0000-4000-8000-00000000beef';
const CLIENT_ID = '0c7a1e55-1111-4000-8000-0000000000ad';
const APP_ID_URI = 'api://contacts.contoso.test/sync';
const ANN_OID = 'a0a0a0a0-0000-4000-8000-000000000001';

let server: http.Server;
let authority: string;
let key: CryptoKey;
let verify: EntraVerifier;

const now = () => Math.floor(Date.now() / 1000);

/** A v2.0 delegated token for Ann as Entra issues it; `patch` changes or (undefined) removes claims. */
function claims(patch: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    iss: `${authority}/${TENANT}/v2.0`,
    aud: CLIENT_ID,
    exp: now() + 3600,
    nbf: now() - 10,
    iat: now() - 10,
    ver: '2.0',
    tid: TENANT,
    oid: ANN_OID,
    sub: 'pairwise-subject-ann',
    preferred_username: 'ann@contoso.com',
    name: 'Ann Adams',
    scp: 'Sync.ReadWrite BC.ReadWrite',
    azp: 'pane-client-id',
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base as JWTPayload;
}

function sign(payload: JWTPayload, header: { typ?: string | null; kid?: string } = {}): Promise<string> {
  const h: { alg: string; kid: string; typ?: string } = { alg: 'RS256', kid: header.kid ?? 'k1' };
  if (header.typ !== null) h.typ = header.typ ?? 'JWT';
  return new SignJWT(payload).setProtectedHeader(h).sign(key);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  server = http.createServer((req, res) => {
    const ok = req.url === `/${TENANT}/discovery/v2.0/keys`;
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? jwks : { error: 'not_found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  verify = entraVerifier({ tenantId: TENANT, audiences: [APP_ID_URI, CLIENT_ID], authority });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const refusedWith = async (token: string, reason: RegExp) => {
  const e = await verify(`Bearer ${token}`).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AuthError);
  expect((e as Error).message).toMatch(reason);
};

describe('tokens the facade refuses', () => {
  test.each<[string, () => Promise<string>, RegExp]>([
    ['no exp', () => sign(claims({ exp: undefined })), /no expiry \(exp\)/],
    ['expired', () => sign(claims({ exp: now() - 3600 })), /expired/],
    ['nbf an hour in the future', () => sign(claims({ nbf: now() + 3600 })), /not valid yet \(nbf/],
    ['typ header at+jwt', () => sign(claims(), { typ: 'at+jwt' }), /typ/],
    ['typ header missing', () => sign(claims(), { typ: null }), /typ/],
    [
      'v1.0 issuer (sts.windows.net)',
      () => sign(claims({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' })),
      /issuer/,
    ],
    [
      'v2.0 issuer of another tenant',
      () => sign(claims({ iss: `${authority}/${OTHER_TENANT}/v2.0` })),
      /issuer/,
    ],
    ['the common endpoint as issuer', () => sign(claims({ iss: `${authority}/common/v2.0` })), /issuer/],
    ['tid of another tenant', () => sign(claims({ tid: OTHER_TENANT })), /tenant \(tid\)/],
    ['no tid', () => sign(claims({ tid: undefined })), /tenant \(tid\)/],
    ['ver 1.0 with the v2.0 issuer', () => sign(claims({ ver: '1.0' })), /v2\.0 access tokens/],
    ['audience Graph', () => sign(claims({ aud: 'https://graph.microsoft.com' })), /audience/],
    ['audience another API', () => sign(claims({ aud: 'api://someone-else' })), /audience/],
    ['delegated without oid', () => sign(claims({ oid: undefined })), /object id \(oid\)/],
    ['unknown signing key', () => sign(claims(), { kid: 'k2' }), /signature or format/],
    ['not a JWT', async () => 'abc.def.ghi', /signature or format/],
  ])('%s', async (_name, make, reason) => {
    await refusedWith(await make(), reason);
  });

  test('no Authorization header, or not a bearer', async () => {
    await expect(verify(undefined)).rejects.toThrow(/bearer token is required/);
    await expect(verify('Basic YW5uOnB3')).rejects.toThrow(/bearer token is required/);
  });
});

describe('tokens the facade accepts, and who they are', () => {
  test('audience = client id (v2.0 tokens) and = application ID URI', async () => {
    for (const aud of [CLIENT_ID, APP_ID_URI]) {
      const token = await sign(claims({ aud }));
      const id = await verify(`Bearer ${token}`);
      expect(id).toEqual({
        kind: 'user',
        userId: `${TENANT}:${ANN_OID}`,
        tenantId: TENANT,
        oid: ANN_OID,
        upn: 'ann@contoso.com',
        name: 'Ann Adams',
        scopes: ['Sync.ReadWrite', 'BC.ReadWrite'],
        roles: [],
        // Kept for the on-behalf-of exchange of the user's upstream BC calls (issue 10 §2).
        assertion: token,
      });
    }
  });

  test("a delegated token's roles claim is the user's app roles (the admin API's Memberships.Admin)", async () => {
    const id = await verify(`Bearer ${await sign(claims({ roles: ['Memberships.Admin', 7] }))}`);
    expect(id).toMatchObject({ kind: 'user', roles: ['Memberships.Admin'] });
  });

  test('the key is tid + oid: a renamed UPN keeps it, a reassigned UPN does not get it', async () => {
    const ann = await verify(`Bearer ${await sign(claims())}`);
    const renamed = await verify(
      `Bearer ${await sign(claims({ preferred_username: 'ann.adams@contoso.com' }))}`,
    );
    const successor = await verify(
      `Bearer ${await sign(claims({ oid: 'b0b0b0b0-0000-4000-8000-000000000002' }))}`,
    );
    expect(renamed.kind === 'user' && renamed.userId).toBe(ann.kind === 'user' && ann.userId);
    expect(renamed.kind === 'user' && renamed.upn).toBe('ann.adams@contoso.com');
    expect(successor.kind === 'user' && successor.userId).not.toBe(ann.kind === 'user' && ann.userId);
  });

  test('a token without scp is app-only, with its roles', async () => {
    const id = await verify(
      `Bearer ${await sign(claims({ scp: undefined, roles: ['Sync.Run'], idtyp: 'app', preferred_username: undefined, azp: 'daemon-app' }))}`,
    );
    expect(id).toEqual({ kind: 'app', appId: 'daemon-app', tenantId: TENANT, roles: ['Sync.Run'] });
  });
});

describe('user keys and configuration', () => {
  test('userKeyOf / parseUserKey round trip; UPNs and legacy keys are not keys', () => {
    expect(parseUserKey(userKeyOf(TENANT.toUpperCase(), ANN_OID))).toEqual({
      tenantId: TENANT,
      oid: ANN_OID,
    });
    for (const notKey of ['ann@contoso.com', 'upn:ann@contoso.com', 'a:b:c', ':x', 'x:'])
      expect(parseUserKey(notKey)).toBeNull();
  });

  test('accepted audiences: the application ID URI, ENTRA_CLIENT_ID, and the id inside api://<client id>', () => {
    const env = { AUTH_MODE: 'entra', ENTRA_TENANT_ID: TENANT };
    const a = loadConfig({ ...env, ENTRA_API_AUDIENCE: APP_ID_URI, ENTRA_CLIENT_ID: CLIENT_ID });
    const b = loadConfig({ ...env, ENTRA_API_AUDIENCE: `api://${CLIENT_ID}` });
    const c = loadConfig({ ...env, ENTRA_API_AUDIENCE: APP_ID_URI, ENTRA_CLIENT_ID: 'not-a-guid' });
    expect(a.ok && a.config.auth.mode === 'entra' && a.config.auth.audiences).toEqual([
      APP_ID_URI,
      CLIENT_ID,
    ]);
    expect(b.ok && b.config.auth.mode === 'entra' && b.config.auth.audiences).toEqual([
      `api://${CLIENT_ID}`,
      CLIENT_ID,
    ]);
    expect(c.ok ? [] : c.errors).toEqual([
      'ENTRA_CLIENT_ID=not-a-guid: expected the application (client) id, a GUID.',
    ]);
  });
});

describe('the key set check /readyz runs (issue 12 §3)', () => {
  test("resolves when the tenant's key set is served, and fails naming nothing secret when it is not", async () => {
    await expect(verify.keysReachable()).resolves.toBeUndefined();
    // The stand-in answers 404 for any other tenant's key set.
    const other = entraVerifier({ tenantId: OTHER_TENANT, audiences: [CLIENT_ID], authority });
    await expect(other.keysReachable()).rejects.toThrow();
  });
});
