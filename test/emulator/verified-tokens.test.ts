import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { authenticate } from '../../src/emulator/auth.js';
import { createTestIssuer } from '../../src/emulator/index.js';
import { ANN } from './harness.js';

/** Every clock but Date stays real: jose's verify and the promises around it run as usual. */
const DATE_ONLY = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

afterEach(() => {
  jest.useRealTimers();
});

describe('tokens the emulator verified before', () => {
  test('are taken again without a new check while valid, and refused once expired', async () => {
    const issuer = await createTestIssuer();
    const token = await issuer.sign({ oid: ANN.oid, preferredUsername: ANN.upn, expiresInSeconds: 30 });
    const first = await authenticate(`Bearer ${token}`, issuer.auth);
    expect(first).toMatchObject({ kind: 'user', userId: ANN.oid, upn: ANN.upn });
    // The same principal: remembered, not verified again.
    expect(await authenticate(`Bearer ${token}`, issuer.auth)).toBe(first);
    // Within the 60 s skew Entra allows past exp, still accepted.
    jest.useFakeTimers({ doNotFake: [...DATE_ONLY], now: Date.now() + 80_000 });
    expect(await authenticate(`Bearer ${token}`, issuer.auth)).toBe(first);
    // Past it: refused as jose refuses it, although it was accepted before.
    jest.setSystemTime(Date.now() + 20_000);
    await expect(authenticate(`Bearer ${token}`, issuer.auth)).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/expired/),
    });
  });

  test('are remembered per issuer: under another issuer setting the token is verified again', async () => {
    const issuer = await createTestIssuer();
    const other = await createTestIssuer();
    const token = await issuer.userToken(ANN.oid, ANN.upn);
    await authenticate(`Bearer ${token}`, issuer.auth);
    await expect(authenticate(`Bearer ${token}`, other.auth)).rejects.toMatchObject({ status: 401 });
  });
});
