import fc from 'fast-check';
import { compileFilter } from '../../src/core/filter/index.js';
import type { CompiledFilter } from '../../src/core/filter/index.js';
import { makeLink } from '../../src/core/link.js';
import type { Link } from '../../src/core/link.js';
import { bcToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import type { FieldConflict } from '../../src/core/merge.js';
import type { BcContact, OutlookContact, SyncFields } from '../../src/core/model.js';
import type { PlanInput } from '../../src/core/plan.js';
import type { ConflictEntry, SkipEntry } from '../../src/core/ports.js';

// Planner inputs for differential tests (test/core/planner-differential.test.ts): a few pairs, each
// linked or not, each side present, edited, moved in stamp only, out of scope, deleted or not read,
// with values from small pools so that the equalities the planner's shortcuts lean on (same string,
// same text in another form, same e-mail in another case) and their near misses all come up.

const NAMES = ['Ann', 'ann', 'Bo', 'Jyva\u0308skyla\u0308', 'Jyv\u00e4skyl\u00e4', '', ' '];
const TEXTS = ['', 'Sales', 'sales', 'Road 1', 'Road 1\nFloor 2', 'x'.repeat(40), 'caf\u00e9', 'cafe\u0301'];
const CITIES = ['Oslo', 'Stockholm', '', 'oslo'];
const EMAILS = [
  'a@x.com',
  'A@x.com',
  ' a@x.com',
  'b@x.com',
  'c@x.com',
  '',
  'bad',
  'a@xn--bcher-kva.de',
  'a@b\u00fccher.de',
];
const PHONES = ['', '+45 1', '+45 2'];
const UNSTORABLE = ['', '', '', '', '\u0000', '\ud800'];

const FILTERS: readonly CompiledFilter[] = [{}, { city: "<>Stockholm&<>''" }, { email: '@*@x.com' }].map(
  (f) => {
    const c = compileFilter(f);
    if (!c.ok) throw new Error('filter');
    return c.filter;
  },
);

/** The values an arbitrary makes. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);

const fieldsArb: fc.Arbitrary<SyncFields> = fc.record({
  displayName: pick(NAMES),
  firstName: pick(NAMES),
  middleName: pick(['', 'M']),
  surname: pick(NAMES),
  initials: pick(['', 'A']),
  jobTitle: pick(TEXTS),
  companyName: pick(['', 'Company A/S', 'company a/s']),
  email: pick(EMAILS),
  email2: pick(EMAILS),
  phoneNumber: pick(PHONES),
  mobilePhoneNumber: pick(PHONES),
  faxNumber: pick(PHONES),
  website: pick(['', 'www.x.com']),
  addressLine1: pick(['', 'Road 1', 'road 1']),
  addressLine2: pick(['', 'Floor 2']),
  city: pick(CITIES),
  state: pick(['', 'S']),
  postalCode: pick(['', '1000', 'ab 1']),
  country: pick(['', 'DK', 'dk', 'Denmark', 'XX']),
});

/** Edits to a record: a few fields set from the pools (none: the record as it is). */
const editsArb = fc.array(
  fc.oneof(
    fc.record({ field: fc.constant('jobTitle' as const), value: pick(TEXTS) }),
    fc.record({ field: fc.constant('city' as const), value: pick(CITIES) }),
    fc.record({ field: fc.constant('email' as const), value: pick(EMAILS) }),
    fc.record({ field: fc.constant('email2' as const), value: pick(EMAILS) }),
    fc.record({ field: fc.constant('displayName' as const), value: pick(NAMES) }),
    fc.record({ field: fc.constant('phoneNumber' as const), value: pick(PHONES) }),
    fc.record({ field: fc.constant('addressLine1' as const), value: pick(['', 'Road 1', 'Road 2']) }),
    fc.record({ field: fc.constant('country' as const), value: pick(['', 'DK', 'Denmark', 'XX']) }),
  ),
  { maxLength: 3 },
);

type Edits = ValueOf<typeof editsArb>;

function edited(fields: SyncFields, edits: Edits): SyncFields {
  const out = { ...fields };
  for (const e of edits) out[e.field] = e.value;
  return out;
}

const slotArb = fc.record({
  base: fieldsArb,
  bc: fc.record({
    present: fc.constantFrom(true, true, true, false),
    edits: editsArb,
    etagMoved: fc.boolean(),
    type: fc.constantFrom('Person' as const, 'Person' as const, 'Person' as const, 'Company' as const),
    privacyBlocked: fc.constantFrom(false, false, false, true),
    unstorable: pick(UNSTORABLE),
    /** Reported by a delta (changes view): false leaves it out (unchanged, or deleted when `present` is false). */
    reported: fc.constantFrom(true, true, false),
  }),
  outlook: fc.record({
    present: fc.constantFrom(true, true, true, false),
    edits: editsArb,
    changeKeyMoved: fc.boolean(),
    /** Its BC id stamp: this pair's, none, or another slot's. */
    stamp: fc.constantFrom('own' as const, 'own' as const, 'none' as const, 'other' as const),
    ownEmail: fc.constantFrom('', '', 'own@x.com'),
    ownPhone: fc.constantFrom('', '', '+45 9'),
    reverseEmails: fc.constantFrom(false, false, false, true),
    outlookOnly: fc.constantFrom(false, false, false, true),
    unstorable: pick(UNSTORABLE),
    reported: fc.constantFrom(true, true, false),
  }),
  link: fc.record({
    linked: fc.constantFrom(true, true, true, false),
    outlookOwn: fc.constantFrom(
      'none' as const,
      'empty' as const,
      'empty' as const,
      'remembers' as const,
      'waiting' as const,
    ),
    holdsBase: fc.boolean(),
    otherOutlook: fc.constantFrom(false, false, false, false, false, true),
  }),
  recorded: fc.constantFrom(
    'none' as const,
    'none' as const,
    'none' as const,
    'settled' as const,
    'open' as const,
    'deleted' as const,
  ),
  skippedBefore: fc.constantFrom(false, false, true),
});

type Slot = ValueOf<typeof slotArb>;

const bcIdOf = (i: number) => `b${i}`;
const olIdOf = (i: number) => `o${i}`;

function bcContactOf(i: number, s: Slot): BcContact {
  const f = edited(s.base, s.bc.edits);
  return {
    ...f,
    jobTitle: f.jobTitle + s.bc.unstorable,
    id: bcIdOf(i),
    number: `CT${i}`,
    type: s.bc.type,
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
    privacyBlocked: s.bc.privacyBlocked,
    lastModifiedDateTime: '2026-01-01T00:00:00Z',
    etag: s.bc.etagMoved ? `e${i}'` : `e${i}`,
  };
}

function outlookContactOf(i: number, s: Slot, n: number): OutlookContact {
  const f = edited(s.base, s.outlook.edits);
  const stamp = s.outlook.stamp === 'own' ? bcIdOf(i) : s.outlook.stamp === 'none' ? '' : bcIdOf((i + 1) % n);
  const draft = syncFieldsToOutlookDraft(f, stamp);
  const emails = [...draft.emailAddresses];
  if (s.outlook.ownEmail !== '' && emails.length < 3)
    emails.push({ address: s.outlook.ownEmail, name: 'Own' });
  if (s.outlook.reverseEmails) emails.reverse();
  const phones = [...draft.businessPhones];
  if (s.outlook.ownPhone !== '' && phones.length < 2) phones.push(s.outlook.ownPhone);
  return {
    ...draft,
    displayName: draft.displayName + s.outlook.unstorable,
    emailAddresses: emails,
    businessPhones: phones,
    id: olIdOf(i),
    changeKey: s.outlook.changeKeyMoved ? `k${i}'` : `k${i}`,
    outlookOnly: s.outlook.outlookOnly ? ['personalNotes'] : [],
  };
}

function linkOf(i: number, s: Slot, n: number): Link {
  const l = s.link;
  const own =
    l.outlookOwn === 'none'
      ? undefined
      : l.outlookOwn === 'empty'
        ? { emails: [], phones: [] }
        : l.outlookOwn === 'remembers'
          ? { emails: ['own@x.com'], phones: ['+45 9'] }
          : { emails: [], phones: [], waiting: { email2: 'w@x.com' } };
  const outlookId = l.otherOutlook ? olIdOf((i + 1) % n) : olIdOf(i);
  const base = bcToSyncFields({ ...s.base } as BcContact);
  return makeLink(
    { bcId: bcIdOf(i), outlookId },
    base,
    { bcEtag: `e${i}`, outlookChangeKey: `k${i}` },
    own,
    l.holdsBase,
  );
}

function recordedOf(i: number, s: Slot): ConflictEntry | null {
  if (s.recorded === 'none') return null;
  const field: FieldConflict = {
    field: 'jobTitle',
    base: s.base.jobTitle,
    bc: 'Sales',
    outlook: 'sales',
    winner: s.recorded === 'open' ? 'none' : 'bc',
  };
  const record =
    s.recorded === 'deleted'
      ? {
          kind: 'deletedInBc' as const,
          displayName: 'Ann',
          reason: { kind: 'bcDeleted' as const },
          fields: [field],
        }
      : { kind: 'fields' as const, displayName: 'Ann', fields: [field], detectedAt: '2026-01-01T00:00:00Z' };
  return { bcId: bcIdOf(i), outlookId: olIdOf(i), record };
}

function skippedOf(i: number): SkipEntry[] {
  return (['bc', 'outlook'] as const).map((side) => ({
    key: `${side}:${side === 'bc' ? bcIdOf(i) : olIdOf(i)}`,
    record: {
      side,
      bcId: bcIdOf(i),
      bcNumber: '',
      outlookId: side === 'outlook' ? olIdOf(i) : '',
      displayName: 'Ann',
      reason: { kind: 'missingEmail' as const },
    },
  }));
}

/** Planner inputs of up to `maxSlots` pairs (plus their mode, views, policy, filter and records). */
export function planInputArb(maxSlots = 8, minSlots = 1): fc.Arbitrary<PlanInput> {
  return fc
    .record({
      slots: fc.array(slotArb, { minLength: minSlots, maxLength: maxSlots }),
      mode: fc.constantFrom('full' as const, 'delta' as const),
      bcSnapshot: fc.boolean(),
      outlookSnapshot: fc.boolean(),
      policy: fc.constantFrom('bcWins' as const, 'outlookWins' as const, 'manual' as const),
      filter: fc.constantFrom(...FILTERS),
      withCodes: fc.boolean(),
      confirmMassDelete: fc.boolean(),
      shuffleSeed: fc.nat(1000),
    })
    .map(
      ({
        slots,
        mode,
        bcSnapshot,
        outlookSnapshot,
        policy,
        filter,
        withCodes,
        confirmMassDelete,
        shuffleSeed,
      }) => {
        const n = slots.length;
        const bcAll: BcContact[] = [];
        const olAll: OutlookContact[] = [];
        const bcDeleted: string[] = [];
        const olRemoved: string[] = [];
        const links: Link[] = [];
        const recorded: ConflictEntry[] = [];
        const recordedSkipped: SkipEntry[] = [];
        slots.forEach((s, i) => {
          if (s.bc.present) {
            if (s.bc.reported) bcAll.push(bcContactOf(i, s));
          } else if (s.bc.reported) bcDeleted.push(bcIdOf(i));
          if (s.outlook.present) {
            if (s.outlook.reported) olAll.push(outlookContactOf(i, s, n));
          } else if (s.outlook.reported) olRemoved.push(olIdOf(i));
          if (s.link.linked) links.push(linkOf(i, s, n));
          const r = recordedOf(i, s);
          if (r) recorded.push(r);
          if (s.skippedBefore) recordedSkipped.push(...skippedOf(i));
        });
        // A snapshot holds every contact present, reported or not.
        const bcFull = slots.flatMap((s, i) => (s.bc.present ? [bcContactOf(i, s)] : []));
        const olFull = slots.flatMap((s, i) => (s.outlook.present ? [outlookContactOf(i, s, n)] : []));
        const full = mode === 'full';
        const rotate = <T>(list: T[]) => {
          const k = list.length === 0 ? 0 : shuffleSeed % list.length;
          return [...list.slice(k), ...list.slice(0, k)];
        };
        return {
          mode,
          policy,
          filter,
          massDeleteShare: 0.2,
          confirmMassDelete,
          links: rotate(links),
          recorded,
          recordedSkipped,
          countryCodes: withCodes ? new Set(['DK', 'SE']) : null,
          bc:
            full || bcSnapshot
              ? { kind: 'snapshot' as const, contacts: bcFull }
              : { kind: 'changes' as const, changed: bcAll, deletedIds: bcDeleted },
          outlook:
            full || outlookSnapshot
              ? { kind: 'snapshot' as const, contacts: rotate(olFull) }
              : { kind: 'changes' as const, changed: olAll, removedIds: olRemoved },
        };
      },
    );
}
