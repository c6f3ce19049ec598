import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import fc from 'fast-check';
import { SYNC_FIELDS } from '../../src/core/model.js';
import type { BcContact, OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import { countWrites } from '../../src/core/plan.js';
import type { SkipEntry } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { isStorableText, storableText, unstorableAt } from '../../src/pure/storable-text.js';
import { USER, World, outlookPerson, person } from '../support/world.js';

// Rule text.unstorable (tester F20): side text that cannot be stored or compared — U+0000, an
// unpaired UTF-16 surrogate — in any field, from Graph or from BC, holds only the contact that
// carries it (skipped with the property named); the run succeeds and everything else syncs.

const BROKEN = ['\ud800', '\udbff', '\udc00', '\udfff', '\u0000', '\udc00\ud800', 'x\ud83d'];

async function lastRun(w: World): Promise<RunRecord> {
  const [run] = await w.store.listRuns(USER, 1);
  if (!run) throw new Error('no run recorded');
  return run;
}

async function skipped(w: World): Promise<SkipEntry[]> {
  return w.store.listSkipped(await w.scope());
}

describe('text that cannot be stored holds only its own contact (tester F20)', () => {
  test('an Outlook contact whose name holds an unpaired surrogate is skipped with the reason; the run succeeds and the other contacts sync', async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    const folder = await w.mailbox.ensureFolder('Business Central');
    const bad = w.mailbox.userCreate(folder.id, outlookPerson(2, { displayName: 'Bad \ud800 Name' }));
    const { record } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    expect(record.errors).toEqual([]);
    expect(record.counts.outlook.created).toBe(1);
    expect(await w.outlookByBcId(a.id)).toBeDefined();
    // Not imported into BC, not rewritten in Outlook, listed with the property that holds it.
    expect(await w.bc.listAll()).toHaveLength(1);
    expect(w.mailbox.peek(bad.id)).toEqual(bad);
    expect((await skipped(w)).map((s) => s.record)).toEqual([
      {
        side: 'outlook',
        bcId: '',
        bcNumber: '',
        outlookId: bad.id,
        displayName: 'Bad \ufffd Name',
        reason: { kind: 'unstorableText', side: 'outlook', property: 'displayName' },
      },
    ]);
    // Every later run succeeds too, writes nothing, and keeps the one skip.
    const again = await w.sync('full');
    expect(again.record.status).toBe('succeeded');
    expect(countWrites(again.plan!)).toBe(0);
    expect(await skipped(w)).toHaveLength(1);
    // Once the user retypes the name, the contact is imported.
    w.mailbox.userEdit(bad.id, { displayName: 'Good Name' });
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect((await w.bc.listAll()).map((c) => c.displayName).sort()).toEqual(['Good Name', 'Person 1']);
    expect(await skipped(w)).toEqual([]);
  });

  test('a run that fails half-way records the writes it did', async () => {
    const w = new World();
    // The folder made by a run before: a full sync into a folder it made stores no skipped list.
    await w.sync('full');
    w.later();
    w.bc.seed(person(1));
    w.bc.seed(person(2));
    w.store.putSkipped = async () => {
      throw new Error('store down');
    };
    await expect(w.sync('full')).rejects.toThrow('store down');
    const run = await lastRun(w);
    expect(run.status).toBe('failed');
    expect((await w.outlook()).length).toBe(2);
    expect(run.counts.outlook.created).toBe(2);
  });

  test('the helper: storable text is well-formed UTF-16 without U+0000', () => {
    for (const b of BROKEN) {
      expect(isStorableText(`a${b}b`)).toBe(false);
      expect(isStorableText(storableText(`a${b}b`))).toBe(true);
    }
    for (const ok of ['', 'Chloé', '😀 paired', 'tab\there', '\ufffd'])
      expect([isStorableText(ok), storableText(ok)]).toEqual([true, ok]);
    expect(unstorableAt({ a: 'x', b: [{ c: 'ok' }, { c: 'y\ud800' }] })).toBe('/b/1/c');
    expect(unstorableAt({ a: ['fine'] })).toBeNull();
  });
});

// ---- property: every synced field, either side ----

/** Where broken text goes: a field of a synced contact, or a new contact, on either side. */
type Target =
  | { readonly t: 'bcEdit'; readonly idx: number; readonly field: (typeof SYNC_FIELDS)[number] }
  | { readonly t: 'olEdit'; readonly idx: number; readonly path: OutlookPath }
  | { readonly t: 'bcNew'; readonly field: (typeof SYNC_FIELDS)[number] }
  | { readonly t: 'olNew'; readonly path: OutlookPath };

const OUTLOOK_PATHS = [
  'displayName',
  'givenName',
  'middleName',
  'surname',
  'initials',
  'jobTitle',
  'companyName',
  'emailAddresses[0].address',
  'emailAddresses[0].name',
  'emailAddresses[1].address',
  'emailAddresses[2].name',
  'businessPhones[0]',
  'businessPhones[1]',
  'mobilePhone',
  'businessHomePage',
  'businessAddress.street',
  'businessAddress.city',
  'businessAddress.state',
  'businessAddress.postalCode',
  'businessAddress.countryOrRegion',
  'faxNumber',
] as const;
type OutlookPath = (typeof OUTLOOK_PATHS)[number];

/** `c` with `text` at `path` (list entries made as needed). */
function withText(c: OutlookContactDraft, path: OutlookPath, text: string): Partial<OutlookContactDraft> {
  const emails = [...c.emailAddresses];
  while (emails.length < 3) emails.push({ address: `own${emails.length}@example.org`, name: 'Own' });
  const phones = [...c.businessPhones];
  while (phones.length < 2) phones.push(`+44 20 7946 000${phones.length}`);
  const m = /^(emailAddresses|businessPhones)\[(\d)\](?:\.(\w+))?$/.exec(path);
  if (m?.[1] === 'emailAddresses') {
    const i = Number(m[2]);
    emails[i] = { ...emails[i]!, [m[3] as 'address' | 'name']: text };
    return { emailAddresses: emails };
  }
  if (m?.[1] === 'businessPhones') {
    phones[Number(m[2])] = text;
    return { businessPhones: phones };
  }
  if (path.startsWith('businessAddress.')) {
    const key = path.slice('businessAddress.'.length) as keyof OutlookContactDraft['businessAddress'];
    return { businessAddress: { ...c.businessAddress, [key]: text } };
  }
  return { [path]: text } as Partial<OutlookContactDraft>;
}

const brokenText = fc
  .tuple(fc.constantFrom('', 'Ann ', 'é'), fc.constantFrom(...BROKEN), fc.constantFrom('', ' Lee', '@x.com'))
  .map(([a, b, c]) => `${a}${b}${c}`);

const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({ t: fc.constant('bcEdit' as const), idx: fc.nat(3), field: fc.constantFrom(...SYNC_FIELDS) }),
  fc.record({ t: fc.constant('olEdit' as const), idx: fc.nat(3), path: fc.constantFrom(...OUTLOOK_PATHS) }),
  fc.record({ t: fc.constant('bcNew' as const), field: fc.constantFrom(...SYNC_FIELDS) }),
  fc.record({ t: fc.constant('olNew' as const), path: fc.constantFrom(...OUTLOOK_PATHS) }),
);

/** Seeded in the property: four synced persons, the fifth is the clean one edited each round. */
const SYNCED = 4;

describe('text that cannot be stored: property (tester F20)', () => {
  test('broken text in any synced field of either side: the run succeeds, only those contacts are skipped with the reason, nothing else changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(target, brokenText), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<'full' | 'delta'>('full', 'delta'),
        fc.constantFrom(...CONFLICT_POLICIES),
        async (breaks, mode, policy) => {
          const w = new World();
          await w.settings({ conflictPolicy: policy });
          const synced = Array.from({ length: SYNCED }, (_, i) => w.bc.seed(person(i + 1)));
          const clean = w.bc.seed(person(9));
          await w.sync('full');
          const copyOf = async (c: BcContact) => (await w.outlookByBcId(c.id))!;
          const folder = await w.folder();
          const heldBc = new Set<string>();
          const heldOutlook = new Set<string>();
          for (const [t, text] of breaks) {
            if (t.t === 'bcEdit') {
              const c = synced[t.idx]!;
              w.bc.edit(c.id, { [t.field]: text });
              heldBc.add(c.id);
            } else if (t.t === 'olEdit') {
              const o = await copyOf(synced[t.idx]!);
              w.mailbox.userEdit(o.id, withText(o, t.path, text));
              heldOutlook.add(o.id);
            } else if (t.t === 'bcNew') {
              heldBc.add(w.bc.seed(person(20 + heldBc.size, { [t.field]: text })).id);
            } else {
              const draft = outlookPerson(30 + heldOutlook.size);
              heldOutlook.add(
                w.mailbox.userCreate(folder.id, { ...draft, ...withText(draft, t.path, text) }).id,
              );
            }
          }
          // A clean edit in the same round must still reach Outlook.
          w.bc.edit(clean.id, { jobTitle: 'Buyer' });
          const bcBefore = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
          const olBefore = new Map((await w.outlook()).map((c) => [c.id, c]));
          const linksBefore = await w.store.listLinks(await w.scope());

          const { record, plan } = await w.sync(mode);
          expect(record.status).toBe('succeeded');
          expect(record.errors).toEqual([]);
          // The one clean write is the only write, and the record counts it.
          expect(record.counts).toEqual({
            bc: { created: 0, updated: 0, deleted: 0 },
            outlook: { created: 0, updated: 1, deleted: 0 },
          });
          expect((await copyOf(clean)).jobTitle).toBe('Buyer');
          // Every held contact is listed with the reason, on its side; nothing else is skipped.
          const skips = (await skipped(w)).map((s) => s.record);
          for (const s of skips) {
            expect(s.reason.kind).toBe('unstorableText');
            expect(unstorableAt(s)).toBeNull();
          }
          const skippedIds = new Set(skips.map((s) => (s.side === 'bc' ? s.bcId : s.outlookId)));
          for (const id of [...heldBc, ...heldOutlook]) expect(skippedIds).toContain(id);
          // Nothing of the held pairs changed on either side, nor any link.
          const bcAfter = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
          const olAfter = await w.outlook();
          expect(bcAfter.size).toBe(bcBefore.size);
          for (const [id, c] of bcBefore) if (id !== clean.id) expect(bcAfter.get(id)).toEqual(c);
          expect(olAfter.length).toBe(olBefore.size);
          const cleanCopy = (await copyOf(clean)).id;
          for (const o of olAfter) if (o.id !== cleanCopy) expect(o).toEqual(olBefore.get(o.id));
          const linksAfter = await w.store.listLinks(await w.scope());
          const others = (ls: typeof linksAfter) => ls.filter((l) => l.bcId !== clean.id);
          expect(others(linksAfter)).toEqual(others(linksBefore));
          // And the next run writes nothing and still succeeds.
          const again = await w.sync('full');
          expect(again.record.status).toBe('succeeded');
          expect(countWrites(again.plan!)).toBe(0);
          expect(plan).not.toBeNull();
        },
      ),
      { numRuns: 60, seed: 8020 },
    );
  });
});

// The BC and Outlook shapes the property breaks must be the ones the engine reads.
test('the property covers every synced field of BC and every text property of an Outlook contact', () => {
  const draft = outlookPerson(1);
  const strings: string[] = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') strings.push(at);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, at === '' ? k : `${at}.${k}`);
  };
  const full: OutlookContact = {
    ...draft,
    id: 'x',
    changeKey: 'y',
    outlookOnly: [],
    ...withText(draft, 'emailAddresses[2].name', 'z'),
    ...withText(draft, 'businessPhones[1]', 'p'),
  };
  walk(full, '');
  const covered = new Set<string>(OUTLOOK_PATHS.map((p) => p.replace(/\[\d\]/g, '[]')));
  const engineText = strings
    .map((p) => p.replace(/\[\d\]/g, '[]'))
    .filter((p) => !['id', 'changeKey', 'bcId'].includes(p));
  for (const p of engineText) expect(covered).toContain(p);
});
