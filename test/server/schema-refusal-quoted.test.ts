import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { SHOWN_INPUT_MAX } from '../../src/platform/shown-input.js';
import { ANN_UPN, call, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Attack A3: the schema check (Ajv) quoted what it refused raw and whole. A settings body with one
// unknown 250,000-character property holding U+202E got a 1,250,303-byte answer (the name in the
// target, the message, the reason and Fastify's message again); a query option's name 7.8 KB.
// The kind: every refusal of the schema path — an unknown property, an unknown key deeper in the
// body, a missing one, a wrong type under a hostile path, an unknown query option — is bounded,
// shows nothing hidden, and carries the name (as shown) with its length.

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const HOSTILE = `\u202Eab\u0007${'z'.repeat(250_000)}`;

let h: SyncHarness;
beforeAll(async () => {
  h = await syncHarness();
});
afterAll(() => h?.close());

const PLACES: ReadonlyArray<[string, 'GET' | 'PUT', string, unknown]> = [
  [
    'the example: an unknown property of the settings',
    'PUT',
    '/sync/v1/settings',
    { ...DEFAULT_SETTINGS, [HOSTILE]: 1 },
  ],
  [
    'an unknown key under the filter',
    'PUT',
    '/sync/v1/settings',
    { ...DEFAULT_SETTINGS, filter: { [HOSTILE]: 'x' } },
  ],
  [
    'a wrong type under a hostile path',
    'PUT',
    '/sync/v1/settings',
    { ...DEFAULT_SETTINGS, folderName: { [HOSTILE]: 1 } },
  ],
  [
    'an unknown query option',
    'GET',
    `/sync/v1/runs?${encodeURIComponent(HOSTILE.slice(0, 1500))}=1`,
    undefined,
  ],
];

describe('schema refusals quote what they refuse bounded and visible', () => {
  test.each(PLACES)('%s', async (_place, method, url, body) => {
    const res = await call(h, ANN_UPN, method, url, body);
    expect(res.status).toBe(400);
    const raw = JSON.stringify(res.body);
    expect(raw.length).toBeLessThan(4_000);
    const error = res.body.error as { message: string; details: Array<{ target: string; message: string }> };
    expect(HIDDEN.test(error.message)).toBe(false);
    for (const d of error.details) {
      expect(HIDDEN.test(d.target)).toBe(false);
      expect(HIDDEN.test(d.message)).toBe(false);
    }
  });

  test('an unknown property: the reason names it as shown, with its length as sent', async () => {
    const res = await call(h, ANN_UPN, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, [HOSTILE]: 1 });
    const reason = (res.body.error.details as Array<{ reason: Record<string, unknown> }>)[0]?.reason;
    expect(reason).toMatchObject({ kind: 'unknownProperty', propertyLength: HOSTILE.length });
    const property = String(reason?.property);
    expect(property.startsWith('\\u202Eab\\u0007zz')).toBe(true);
    expect(property.length).toBeLessThanOrEqual(SHOWN_INPUT_MAX + 1);
  });

  test('a plain unknown property reads as before', async () => {
    const res = await call(h, ANN_UPN, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, dryrun: true });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "The request is not valid: body/dryrun: 'dryrun' is not a property of body",
    );
  });
});
