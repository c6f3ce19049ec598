import { describe, expect, test } from '@jest/globals';
import { BC_FIELD_LENGTHS } from '../../src/core/bc-field-rules.js';
import { FILTER_FIELD_LENGTH } from '../../src/core/filter/cost.js';
import { CONTACT_FIELDS } from '../../src/server/bc-api/contact-fields.js';
import { CODE_FIELD_LENGTHS } from '../../src/store/bc-contact-checks.js';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade, FacadeMethod } from '../bc/harness.js';

// Issue 10 open item: the embedded BC store keeps every writable text field within BC's length
// (../shared/reference/bc-contact-sync.md §5, the Contact table), as real BC does: a longer value
// in a POST or PATCH is 400 Application_StringExceededLength naming the field (details.target) and
// its limit; a value of exactly the limit is stored. The filter cost bound (core/filter/cost.ts)
// assumes these same lengths, so it holds exactly for what the store can hold.

let f: Facade;
let contacts: string;
withFacade((facade) => {
  f = facade;
  contacts = `${companyPath(f)}/contacts`;
});

type Body = Record<string, unknown> & {
  id?: string;
  '@odata.etag'?: string;
  error?: { code: string; message: string; details?: { target: string }[] };
};
const call = (method: FacadeMethod, url: string, payload?: object, headers: Record<string, string> = {}) =>
  facadeCall<Body>(f, method, url, payload, headers);

const LIMITS: Readonly<Record<string, number>> = { ...BC_FIELD_LENGTHS, ...CODE_FIELD_LENGTHS };

/** Every text field a POST or PATCH may set (`type` is the option Person|Company). */
const WRITABLE_TEXT = Object.entries(CONTACT_FIELDS)
  .filter(([name, info]) => info.writable && info.type === 'string' && name !== 'type')
  .map(([name]) => name);

/** A value of `length` characters that BC would take in `field` but for its length. */
function valueOf(field: string, length: number): string {
  if (field === 'email' || field === 'email2') return `${'a'.repeat(length - 12)}@contoso.com`;
  if (field === 'website') return `https://${'w'.repeat(length - 8)}`;
  if (field.endsWith('Number') && field !== 'companyNumber') return '1'.repeat(length);
  return 'A'.repeat(length);
}

describe('BC field lengths in the embedded store', () => {
  test('every writable text field of the contact entity has a BC length', () => {
    expect(WRITABLE_TEXT.filter((name) => LIMITS[name] === undefined)).toEqual([]);
    expect(WRITABLE_TEXT.length).toBeGreaterThanOrEqual(22);
  });

  test('the filter cost bound assumes the lengths the store keeps', () => {
    const facadeName: Record<string, string> = { name: 'displayName' };
    const differ = Object.entries(FILTER_FIELD_LENGTH)
      .filter(([field]) => field !== 'type' && field !== 'number')
      .filter(([field, n]) => LIMITS[facadeName[field] ?? field] !== n);
    expect(differ).toEqual([]);
  });

  test.each(WRITABLE_TEXT)(
    '%s: POST and PATCH one character past the limit → 400 naming field and limit',
    async (field) => {
      const max = LIMITS[field]!;
      const expectRefusal = (r: { status: number; body: Body }) => {
        expect(r.status).toBe(400);
        expect(r.body.error?.code).toBe('Application_StringExceededLength');
        expect(r.body.error?.message).toContain(
          `The length of the string is ${max + 1}, but it must be less than or equal to ${max} characters. Field: ${field}`,
        );
        expect(r.body.error?.details?.[0]?.target).toBe(field);
      };
      expectRefusal(
        await call('POST', contacts, { displayName: `Len ${field}`, [field]: valueOf(field, max + 1) }),
      );

      const made = await call('POST', contacts, { displayName: `Len ${field}` });
      expect(made.status).toBe(201);
      const one = `${contacts}(${made.body.id!})`;
      expectRefusal(await call('PATCH', one, { [field]: valueOf(field, max + 1) }, { 'if-match': '*' }));
      // BC's Country/Region Code relates to its table: no 10-character code exists to store.
      if (field === 'country') return;
      const fits = await call('PATCH', one, { [field]: valueOf(field, max) }, { 'if-match': '*' });
      expect(fits.status).toBe(200);
      expect(String(fits.body[field]).length).toBe(max);
    },
  );

  test('named example: a 21-character Company No. was stored; it is refused as BC refuses it', async () => {
    const r = await call('POST', contacts, { displayName: 'Acme person', companyNumber: 'C'.repeat(21) });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'Application_StringExceededLength',
      message:
        'The length of the string is 21, but it must be less than or equal to 20 characters. Field: companyNumber.',
      details: [
        {
          target: 'companyNumber',
          message:
            'The length of the string is 21, but it must be less than or equal to 20 characters. Field: companyNumber.',
        },
      ],
    });
  });
});
