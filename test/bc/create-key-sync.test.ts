import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { createBody, createKeyOf } from '../../src/bc/create-key.js';
import { SYNC_FIELDS, emptySyncFields } from '../../src/core/model.js';
import type { BcContactDraft } from '../../src/core/ports.js';

/*
 * In Node a create's Idempotency-Key is Node's SHA-256, made at once (create-key.ts): Web Crypto's
 * digest was a thread-pool job, so the create's request waited for the event loop to come round
 * between a run's pre-create saves and its BC creates (issue 12, delta-outlook-1pct).
 */

const COMPANY = 'AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/** The key as create-key.ts made it with Web Crypto before: the keys of creates already sent. */
async function webCryptoKey(companyId: string, draft: BcContactDraft): Promise<string | null> {
  if (draft.createKey === undefined || draft.createKey === '') return null;
  const body = createBody(draft);
  const sorted = Object.keys(body)
    .sort()
    .map((k) => [k, body[k]]);
  const text = JSON.stringify([companyId.toLowerCase(), draft.createKey, sorted]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `bcsync-create-${Buffer.from(digest).toString('base64url')}`;
}

const person = (over: Partial<BcContactDraft>): BcContactDraft => ({
  ...emptySyncFields(),
  type: 'Person',
  displayName: 'Jörg Müller',
  surname: 'Müller',
  email: 'jörg@bücher.de',
  city: 'Köln',
  ...over,
});

describe('create keys', () => {
  test('the key of a draft is the one Web Crypto made before (creates sent before are answered again)', async () => {
    // Made by the Web Crypto version of createKeyOf (main at afae75d).
    expect(await createKeyOf(COMPANY, person({ createKey: 'import:AAMk-7' }))).toBe(
      'bcsync-create-5vk0rdGq1OnwGnY4uX0vFMCm4p6MZIrl3csOy7eD-5c',
    );
    expect(await createKeyOf(COMPANY, person({}))).toBeNull();
  });

  test('for any draft, the key is Web Crypto SHA-256 of the same text (the pane makes it so)', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    const draft = fc.record({
      fields: fc.array(text, { minLength: SYNC_FIELDS.length, maxLength: SYNC_FIELDS.length }),
      type: fc.constantFrom('Person' as const, 'Company' as const),
      createKey: fc.option(text, { nil: undefined }),
      company: fc.constantFrom(COMPANY, COMPANY.toLowerCase(), '11111111-2222-4333-8444-555555555555'),
    });
    await fc.assert(
      fc.asyncProperty(draft, async ({ fields, type, createKey, company }) => {
        const d: BcContactDraft = {
          ...emptySyncFields(),
          ...Object.fromEntries(SYNC_FIELDS.map((f, i) => [f, fields[i]!])),
          type,
          ...(createKey !== undefined ? { createKey } : {}),
        };
        expect(await createKeyOf(company, d)).toBe(await webCryptoKey(company, d));
      }),
      { numRuns: 200 },
    );
  });

  test("a keyed create's request leaves before the event loop turns (no thread-pool job before the wire)", async () => {
    let turned = false;
    let turnedAtSend: boolean | null = null;
    const bc = new HttpBcContacts({
      baseUrl: 'https://bc.example/api/v2.0',
      companyId: COMPANY,
      getToken: async () => 'tok',
      fetch: (async (_url: string, init?: RequestInit) => {
        turnedAtSend ??= turned;
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        return Response.json({ ...body, id: '11111111-2222-4333-8444-000000000001', '@odata.etag': 'W/"1"' });
      }) as typeof fetch,
      sleep: async () => undefined,
      nowMs: () => 0,
      random: () => 0,
    });
    setImmediate(() => (turned = true));
    await bc.create([person({ createKey: 'import:AAMk-7' })]);
    expect(turnedAtSend).toBe(false);
  });
});
