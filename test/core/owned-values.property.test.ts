import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import type { OutlookContact } from '../../src/core/model.js';
import type { World } from '../support/world.js';
import { syncedPerson as synced } from '../support/world.js';

// Issue 8 §1, the kind: Outlook's own extra values are never lost, moved or read into BC, whatever
// BC and the user do (docs/sync-rules.md "Owned values"); the examples are in owned-values.test.ts.
// `npm run props:long` runs it with 20,000 cases.

const addresses = (c: OutlookContact | undefined) => c?.emailAddresses.map((e) => e.address) ?? [];

// ---- property: Outlook's extras survive any BC edit/clear sequence under every policy ----

type Step =
  | {
      readonly kind: 'bc';
      readonly field: 'email' | 'email2' | 'phoneNumber' | 'jobTitle';
      readonly value: number | null;
    }
  | {
      readonly kind: 'outlook';
      readonly field: 'email' | 'email2' | 'phoneNumber';
      readonly value: number | null;
    }
  | { readonly kind: 'own'; readonly list: 'emails' | 'phones'; readonly value: number | null }
  | { readonly kind: 'sync'; readonly mode: 'full' | 'delta' };

const fresh = fc.option(fc.integer({ min: 1, max: 9 }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('bc' as const),
      field: fc.constantFrom('email', 'email2', 'phoneNumber', 'jobTitle'),
      value: fresh,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('outlook' as const),
      field: fc.constantFrom('email', 'email2', 'phoneNumber'),
      value: fresh,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('own' as const),
      list: fc.constantFrom('emails', 'phones'),
      value: fresh,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('sync' as const), mode: fc.constantFrom('full', 'delta') }),
  },
) as fc.Arbitrary<Step>;

const bcValue = (field: string, n: number, who: string) =>
  field === 'phoneNumber'
    ? `+1 555 ${who === 'bc' ? 1 : 2}00${n}`
    : field === 'jobTitle'
      ? `Title ${n}`
      : `${who}${n}.${field}@contoso.com`;

describe('owned values property (issue 8 §1)', () => {
  test('Outlook-only extras survive any sequence of BC edits and clears (and Outlook edits of owned values and of the extras themselves) under all three policies and never appear in BC', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONFLICT_POLICIES),
        fc.boolean(),
        fc.boolean(),
        fc.array(step, { maxLength: 14 }),
        async (policy, extraEmail, extraPhone, steps) => {
          const { w, a, o } = await synced(policy, {
            email2: 'second@contoso.com',
            phoneNumber: '+1 555 0000',
          });
          const extras: Record<'emails' | 'phones', string[]> = {
            emails: extraEmail ? ['Mine@Example.org'] : [],
            phones: extraPhone ? ['+1 555 9999'] : [],
          };
          const now = w.mailbox.peek(o.id)!;
          w.mailbox.userEdit(o.id, {
            emailAddresses: [
              ...now.emailAddresses,
              ...extras.emails.map((address) => ({ address, name: 'own' })),
            ],
            businessPhones: [...extras.phones, ...now.businessPhones],
          });
          await w.sync('full');
          const check = () => {
            const ol = w.mailbox.peek(o.id)!;
            for (const e of extras.emails) expect(addresses(ol)).toContain(e);
            for (const p of extras.phones) expect(ol.businessPhones).toContain(p);
            const bc = w.bc.peek(a.id)!;
            for (const v of [bc.email, bc.email2, bc.phoneNumber].map((x) => x.toLowerCase()))
              expect([...extras.emails, ...extras.phones].map((x) => x.toLowerCase())).not.toContain(v);
          };
          check();
          // Graph's lists carry no entry ids: between two syncs the user changes either BC's entries
          // of a list or their own ones (both at once is a guess, docs/sync-rules.md "Owned values").
          let touched: Partial<Record<'emails' | 'phones', 'owned' | 'own'>> = {};
          const touch = (list: 'emails' | 'phones', what: 'owned' | 'own') =>
            (touched[list] ??= what) === what;
          for (const s of steps) {
            if (s.kind === 'sync') {
              w.later();
              await w.sync(s.mode);
              touched = {};
              check();
            } else if (s.kind === 'bc') {
              // A BC contact without E-Mail leaves scope (its Outlook copy goes): E-Mail is only edited.
              const value =
                s.value === null ? (s.field === 'email' ? null : '') : bcValue(s.field, s.value, 'bc');
              if (value !== null) w.bc.edit(a.id, { [s.field]: value });
            } else if (s.kind === 'own') {
              // The user edits (or removes) their own extra in place: the new value is theirs too.
              const now = extras[s.list][0];
              if (now === undefined || !touch(s.list, 'own')) continue;
              const value = s.value === null ? '' : ownValue(s.list, s.value);
              editOwn(w, o.id, s.list, now, value);
              extras[s.list] = value === '' ? [] : [value];
            } else if (touch(s.field === 'phoneNumber' ? 'phones' : 'emails', 'owned')) {
              editOwned(w, o.id, s.field, s.value === null ? '' : bcValue(s.field, s.value, 'ol'));
            }
          }
          w.later();
          await w.sync('full');
          check();
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 150), seed: Number(process.env.PROP_SEED ?? 8001) },
    );
  });
});

const ownValue = (list: 'emails' | 'phones', n: number) =>
  list === 'phones' ? `+1 555 98${n}` : `Mine${n}@Example.org`;

/** The user edits (or, with '', removes) their own extra `now`, in place. */
function editOwn(w: World, id: string, list: 'emails' | 'phones', now: string, value: string): void {
  const c = w.mailbox.peek(id)!;
  if (list === 'phones') {
    const phones = c.businessPhones.flatMap((p) => (p !== now ? [p] : value === '' ? [] : [value]));
    w.mailbox.userEdit(id, { businessPhones: phones });
    return;
  }
  const emails = c.emailAddresses.flatMap((e) =>
    e.address !== now ? [e] : value === '' ? [] : [{ address: value, name: e.name }],
  );
  w.mailbox.userEdit(id, { emailAddresses: emails });
}

/** The user edits (or, with '', removes) the entry that holds BC's value now, in place. */
function editOwned(w: World, id: string, field: 'email' | 'email2' | 'phoneNumber', value: string): void {
  const c = w.mailbox.peek(id)!;
  const bc = w.bc.peek(c.bcId)!;
  if (field === 'phoneNumber') {
    const i = c.businessPhones.indexOf(bc.phoneNumber);
    if (i < 0 || bc.phoneNumber === '') return;
    const phones = [...c.businessPhones];
    if (value === '') phones.splice(i, 1);
    else phones[i] = value;
    w.mailbox.userEdit(id, { businessPhones: phones });
    return;
  }
  const i = c.emailAddresses.findIndex((e) => e.address.toLowerCase() === bc[field].toLowerCase());
  // Removing E-Mail in Outlook would take the contact out of scope (refused); it is only edited.
  if (i < 0 || bc[field] === '' || (field === 'email' && value === '')) return;
  const list = [...c.emailAddresses];
  if (value === '') list.splice(i, 1);
  else list[i] = { address: value, name: list[i]!.name };
  w.mailbox.userEdit(id, { emailAddresses: list });
}
