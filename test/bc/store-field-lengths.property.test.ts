import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import { BC_FIELD_LENGTHS } from '../../src/core/bc-field-rules.js';
import { SYNC_FIELDS } from '../../src/core/model.js';
import type { OutlookContactDraft } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SkipReason } from '../../src/core/skip-records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { outlookPerson } from '../support/world.js';

// Issue 10 open item: the embedded BC store refuses a value past its BC field length (400
// Application_StringExceededLength over HTTP, an `invalid` write result here). The engine must
// never get that refusal: it skips such an Outlook contact with a `tooLong` reason before it
// writes. Property: Outlook contacts whose values sit around every limit (in characters that NFC
// changes and in surrogate pairs too), created and then edited, synced full then delta into the
// real store — no write is refused, every over-long value is a skip naming its field, and every
// BC value fits.

const RUNS = Number(process.env.PROP_RUNS ?? 12);
const USER = 'ann@contoso.com';

/** Units of text: ASCII, a precomposed é, e + combining acute (one character after NFC), an emoji (two UTF-16 units). */
const unit = fc.constantFrom('a', 'Z', '\u00e9', 'e\u0301', '\u{1F600}', ' ');

/** Text of about `max` characters: max - 2 … max + 2 units. */
const around = (max: number) =>
  fc
    .tuple(
      fc.integer({ min: Math.max(1, max - 2), max: max + 2 }),
      fc.array(unit, { minLength: 1, maxLength: 4 }),
    )
    .map(([n, units]) => Array.from({ length: n }, (_, i) => units[i % units.length]!).join(''));

const digits = (max: number) =>
  fc.integer({ min: Math.max(1, max - 2), max: max + 2 }).map((n) => '1'.repeat(n));

/** An e-mail of about `max` characters, unique by `tag`. */
const email = (max: number) =>
  fc
    .integer({ min: max - 2, max: max + 2 })
    .map((n) => (tag: string) => `${tag}.${'m'.repeat(Math.max(1, n - tag.length - 13))}@contoso.com`);

const L = BC_FIELD_LENGTHS;
/** Mostly left as the base person has it, so some contacts fit and are created. */
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const values = fc.record({
  displayName: sometimes(around(L.displayName)),
  givenName: sometimes(around(L.firstName)),
  middleName: sometimes(around(L.middleName)),
  surname: sometimes(around(L.surname)),
  initials: sometimes(around(L.initials)),
  jobTitle: sometimes(around(L.jobTitle)),
  companyName: sometimes(around(L.companyName)),
  email: sometimes(email(L.email)),
  email2: sometimes(email(L.email2)),
  phone: sometimes(digits(L.phoneNumber)),
  mobilePhone: sometimes(digits(L.mobilePhoneNumber)),
  faxNumber: sometimes(digits(L.faxNumber)),
  businessHomePage: sometimes(around(L.website)),
  street1: sometimes(around(L.addressLine1)),
  street2: sometimes(around(L.addressLine2)),
  city: sometimes(around(L.city)),
  state: sometimes(around(L.state)),
  postalCode: sometimes(around(L.postalCode)),
});

type Values = typeof values extends fc.Arbitrary<infer T> ? T : never;

function draft(n: number, v: Values): OutlookContactDraft {
  const base = outlookPerson(n);
  const street =
    v.street1 === undefined ? '' : v.street2 === undefined ? v.street1 : `${v.street1}\r\n${v.street2}`;
  return {
    ...base,
    displayName: v.displayName ?? base.displayName,
    givenName: v.givenName ?? base.givenName,
    middleName: v.middleName ?? '',
    surname: v.surname ?? base.surname,
    initials: v.initials ?? '',
    jobTitle: v.jobTitle ?? '',
    companyName: v.companyName ?? '',
    emailAddresses: [
      { address: v.email?.(`c${n}`) ?? `c${n}@contoso.com`, name: '' },
      ...(v.email2 ? [{ address: v.email2(`d${n}`), name: '' }] : []),
    ],
    businessPhones: v.phone ? [v.phone] : [],
    mobilePhone: v.mobilePhone ?? '',
    faxNumber: v.faxNumber ?? '',
    businessHomePage: v.businessHomePage ?? '',
    businessAddress: {
      street,
      city: v.city ?? '',
      state: v.state ?? '',
      postalCode: v.postalCode ?? '',
      countryOrRegion: '',
    },
  };
}

describe('no sync run ever gets the store’s length refusal', () => {
  let db: Db;
  beforeAll(async () => {
    const { template } = await buildMigratedTemplate();
    db = await openPglite({ loadDataDir: template });
  });
  afterAll(async () => {
    await db.close();
  });

  test('property: Outlook values around every BC length, created then edited, full then delta', async () => {
    let tooLongSkips = 0;
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(values, { minLength: 1, maxLength: 4 }),
        fc.array(values, { minLength: 1, maxLength: 4 }),
        async (first, edits) => {
          const clock = new ManualClock();
          const company = await insertCompany(db, clock, { name: `Lengths ${Math.random()}` });
          const bc = new StoreBcContacts(db, clock, company.id);
          const mailbox = new MemoryMailbox();
          const store = new MemorySyncStateStore();
          const folder = await mailbox.ensureFolder('Business Central');
          const made = first.map((v, i) => mailbox.userCreate(folder.id, draft(i, v)));
          let runs = 0;
          const sync = async (mode: 'full' | 'delta') => {
            clock.advance(60_000);
            const outcome = await runSync(
              { bc, mailbox, store, clock, logger: silentLogger },
              {
                runId: `r${++runs}`,
                userId: USER,
                mode,
                dryRun: false,
                trigger: 'pane',
                confirmMassDelete: false,
              },
              {},
            );
            clock.advance(60_000);
            return outcome;
          };
          const check = async (mode: 'full' | 'delta') => {
            const { record } = await sync(mode);
            expect(record.errors).toEqual([]);
            const skipped = await store.listSkipped({ userId: USER, folderId: folder.id });
            const reasons: SkipReason[] = skipped.flatMap((s) => [s.record.reason, ...(s.record.more ?? [])]);
            expect(reasons.filter((r) => r.kind === 'writeFailed')).toEqual([]);
            tooLongSkips += reasons.filter((r) => r.kind === 'tooLong').length;
            for (const c of await bc.listAll())
              for (const f of SYNC_FIELDS)
                expect((c[f] ?? '').length).toBeLessThanOrEqual(BC_FIELD_LENGTHS[f]);
          };
          await check('full');
          created += (await bc.listAll()).length;
          edits.forEach((v, i) => {
            const target = made[i % made.length]!;
            const { emailAddresses: _keep, ...patch } = draft(i, v);
            mailbox.userEdit(target.id, patch);
          });
          await check('delta');
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.PROP_SEED ?? 1010) },
    );
    // The property reached both sides of the limits.
    expect(tooLongSkips).toBeGreaterThan(0);
    expect(created).toBeGreaterThan(0);
  });
});
