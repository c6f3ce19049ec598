import { describe, test, expect } from '@jest/globals';
import { ANN, BOB, expectGraphError, jsonOf, UNKNOWN_ID, useHarness } from './harness.js';

describe('emulator auth and mailbox addressing', () => {
  const h = useHarness();

  test('missing token is 401 InvalidAuthenticationToken with Graph error body', async () => {
    const response = await h.call('GET', '/me/contactFolders', undefined, {
      token: null,
      headers: { 'client-request-id': 'client-123' },
    });
    const error = await expectGraphError(response, 401, 'InvalidAuthenticationToken');
    expect(error.innerError['client-request-id']).toBe('client-123');
    expect(response.headers.get('client-request-id')).toBe('client-123');
  });

  test('garbage, foreign-key and expired tokens are 401', async () => {
    await expectGraphError(
      await h.call('GET', '/me/contactFolders', undefined, { token: 'abc.def.ghi' }),
      401,
      'InvalidAuthenticationToken',
    );
    const { createTestIssuer } = await import('../../src/emulator/index.js');
    const other = await createTestIssuer();
    const foreign = await other.userToken(ANN.oid, ANN.upn);
    await expectGraphError(
      await h.call('GET', '/me/contactFolders', undefined, { token: foreign }),
      401,
      'InvalidAuthenticationToken',
    );
    const expired = await h.issuer.sign({ oid: ANN.oid, preferredUsername: ANN.upn, expiresInSeconds: -120 });
    await expectGraphError(
      await h.call('GET', '/me/contactFolders', undefined, { token: expired }),
      401,
      'InvalidAuthenticationToken',
      /expired/,
    );
  });

  // Issue 10 §1 item 6: the emulator refuses what Graph refuses (the facade already did), so a
  // client that passes the emulator's checks passes Graph's.
  test.each([
    ['no exp', { expiresInSeconds: null }, /missing an Expiration Time/],
    ['nbf an hour ahead', { extra: { nbf: Math.floor(Date.now() / 1000) + 3600 } }, /not yet valid/],
    ['no typ in the header', { typ: null }, /typ is not JWT/],
    ['typ at+jwt', { typ: 'at+jwt' }, /typ is not JWT/],
    ['expired', { expiresInSeconds: -120 }, /expired/],
    [
      'another API as audience',
      { audience: 'api://business-central' },
      /^Access token validation failure\. Invalid audience\.$/,
    ],
  ] as const)('a token with %s is 401 saying why', async (_label, claims, says) => {
    const token = await h.issuer.sign({ oid: ANN.oid, preferredUsername: ANN.upn, ...claims });
    await expectGraphError(
      await h.call('GET', '/me/contactFolders', undefined, { token }),
      401,
      'InvalidAuthenticationToken',
      says,
    );
  });

  test('the same token with exp, a past nbf and typ JWT is accepted', async () => {
    const token = await h.issuer.sign({
      oid: ANN.oid,
      preferredUsername: ANN.upn,
      extra: { nbf: Math.floor(Date.now() / 1000) - 60 },
    });
    expect((await h.call('GET', '/me/contactFolders', undefined, { token })).status).toBe(200);
  });

  test('delegated token may use /users with its own id or upn, not another mailbox (403)', async () => {
    expect((await h.call('GET', `/users/${ANN.oid}/contactFolders`)).status).toBe(200);
    expect((await h.call('GET', `/users/${ANN.upn.toUpperCase()}/contactFolders`)).status).toBe(200);
    await expectGraphError(await h.call('GET', `/users/${BOB.oid}/contactFolders`), 403, 'ErrorAccessDenied');
  });

  test('app-only token: /me is 400, /users/{id|upn} reaches the same mailbox', async () => {
    await expectGraphError(
      await h.call('GET', '/me/contactFolders', undefined, { token: h.appToken }),
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    );
    const bob = await h.issuer.userToken(BOB.oid, BOB.upn);
    const created = await h.call('POST', '/me/contactFolders', { displayName: 'Bob folder' }, { token: bob });
    expect(created.status).toBe(201);
    const byUpn = await jsonOf(
      await h.call('GET', `/users/${BOB.upn}/contactFolders`, undefined, { token: h.appToken }),
    );
    const byId = await jsonOf(
      await h.call('GET', `/users/${BOB.oid}/contactFolders`, undefined, { token: h.appToken }),
    );
    expect((byUpn.value as { displayName: string }[]).map((f) => f.displayName)).toEqual(['Bob folder']);
    expect(byId.value).toEqual(byUpn.value);
  });

  test('app-only token without Contacts.ReadWrite cannot write (403); Contacts.Read may read', async () => {
    const reader = await h.issuer.appToken(['Contacts.Read']);
    expect(
      (await h.call('GET', `/users/${BOB.oid}/contactFolders`, undefined, { token: reader })).status,
    ).toBe(200);
    await expectGraphError(
      await h.call('POST', `/users/${BOB.oid}/contactFolders`, { displayName: 'x' }, { token: reader }),
      403,
      'ErrorAccessDenied',
    );
  });

  test('unknown resource segment is 400, unknown well-formed ids are 404 ErrorItemNotFound', async () => {
    await expectGraphError(
      await h.call('GET', '/me/calendars'),
      400,
      'BadRequest',
      "Resource not found for the segment 'calendars'.",
    );
    await expectGraphError(
      await h.call('GET', `/me/contactFolders/${UNKNOWN_ID}/contacts`),
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
    await expectGraphError(await h.call('GET', `/me/contacts/${UNKNOWN_ID}`), 404, 'ErrorItemNotFound');
    await expectGraphError(
      await h.call('DELETE', `/me/contactFolders/${UNKNOWN_ID}`),
      404,
      'ErrorItemNotFound',
    );
  });

  test('malformed JSON body is 400', async () => {
    await expectGraphError(await h.call('POST', '/me/contacts', '{"givenName":'), 400, 'BadRequest', /JSON/);
  });
});
