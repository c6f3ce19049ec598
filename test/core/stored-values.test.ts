import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { SyncSettings } from '../../src/core/records.js';
import { makeLink } from '../../src/core/link.js';
import { storedBase, storedLink, storedOutlookOwn, storedSettings } from '../../src/core/stored-values.js';
import { SYNC_FIELDS } from '../../src/core/sync-field-names.js';

// Stored state is not trusted blindly (core/stored-values.ts): whatever a store hands back, the
// values a run uses have the shapes the run relies on; sound values pass unchanged.

const SOUND: SyncSettings = {
  folderName: 'Kunden',
  filter: { city: "= 'London'" },
  conflictPolicy: 'manual',
  scheduleMinutes: 60,
  massDeleteShare: 0.5,
};

describe('storedSettings', () => {
  test('sound settings pass unchanged', () => {
    expect(storedSettings(SOUND)).toEqual(SOUND);
  });

  test.each([
    ['folderName of no text', { folderName: 42 }, { folderName: DEFAULT_SETTINGS.folderName }],
    ['blank folderName', { folderName: '  ' }, { folderName: DEFAULT_SETTINGS.folderName }],
    ['unknown policy', { conflictPolicy: 'oldPolicy' }, { conflictPolicy: DEFAULT_SETTINGS.conflictPolicy }],
    [
      'schedule of no number',
      { scheduleMinutes: 'soon' },
      { scheduleMinutes: DEFAULT_SETTINGS.scheduleMinutes },
    ],
    ['negative schedule', { scheduleMinutes: -5 }, { scheduleMinutes: DEFAULT_SETTINGS.scheduleMinutes }],
    ['share null', { massDeleteShare: null }, { massDeleteShare: DEFAULT_SETTINGS.massDeleteShare }],
    ['share above 1', { massDeleteShare: 3 }, { massDeleteShare: DEFAULT_SETTINGS.massDeleteShare }],
    ['a filter value of no text', { filter: { city: 7 } }, { filter: { city: '7' } }],
  ])('%s → that field is the default (or text), the rest kept', (_name, spoilt, mended) => {
    expect(storedSettings({ ...SOUND, ...spoilt })).toEqual({ ...SOUND, ...mended });
  });

  test('a filter of no object is kept as a filter the run refuses, never as no filter', () => {
    const filter = storedSettings({ ...SOUND, filter: 'city = London' }).filter;
    expect(Object.keys(filter)).toHaveLength(1);
    expect(filter).not.toEqual({});
  });

  test('property: any JSON gives settings of the right types', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ folderName: fc.jsonValue(), filter: fc.jsonValue() })),
        (raw) => {
          const s = storedSettings(raw);
          expect(typeof s.folderName).toBe('string');
          expect(s.folderName.trim()).not.toBe('');
          expect(Object.values(s.filter).every((v) => typeof v === 'string')).toBe(true);
          expect(CONFLICT_POLICIES).toContain(s.conflictPolicy);
          expect(Number.isFinite(s.scheduleMinutes)).toBe(true);
          expect(s.massDeleteShare >= 0 && s.massDeleteShare <= 1).toBe(true);
        },
      ),
    );
  });
});

describe('storedLink', () => {
  const base = Object.fromEntries(SYNC_FIELDS.map((f) => [f, `${f} value`])) as never;
  const link = {
    bcId: 'b1',
    outlookId: 'o1',
    base,
    bcEtag: 'W/"1"',
    outlookChangeKey: 'ck',
    outlookOwn: { emails: ['x@contoso.com'], phones: [] },
    outlookHoldsBase: true as const,
  };

  test('a sound link passes unchanged', () => {
    expect(storedLink(link)).toEqual(link);
  });

  test("an older version's base (fields missing) gets '' for them and no longer says Outlook holds it", () => {
    const { jobTitle: _gone, ...older } = base as Record<string, string>;
    const mended = storedLink({ ...link, base: older as never });
    expect(mended.base.jobTitle).toBe('');
    expect(mended.outlookHoldsBase).toBeUndefined();
  });

  // A link whose PATCH would carry If-Match '' must not stand for reading Outlook: makeLink and a link
  // read back from a store follow one rule (link.ts holdsBaseAt).
  test("a link with changeKey '' (not seen) no longer says Outlook holds its base, as makeLink makes it", () => {
    const stored = storedLink({ ...link, outlookChangeKey: '' });
    expect(stored.outlookHoldsBase).toBeUndefined();
    const made = makeLink(link, base, { bcEtag: link.bcEtag, outlookChangeKey: '' }, link.outlookOwn, true);
    expect(stored).toEqual(made);
  });

  // storedBase and the check that a base needed no mending read each field by name (issue 12 §2:
  // a run reads every link): a field left out of either would lose its value or keep a spoilt one.
  test.each([...SYNC_FIELDS])(
    '%s: kept from a sound base, and mended alone when missing or not text',
    (field) => {
      expect(storedBase(base)[field]).toBe(`${field} value`);
      expect(Object.keys(storedBase(base))).toEqual([...SYNC_FIELDS]);
      for (const spoilt of [undefined, 7, null]) {
        const mended = storedLink({ ...link, base: { ...(base as object), [field]: spoilt } as never });
        expect(mended.base).toEqual({ ...(base as object), [field]: '' });
        expect(mended.outlookHoldsBase).toBeUndefined();
      }
    },
  );

  test('a base of another shape: every sync field as text', () => {
    expect(storedBase({ nonsense: true })).toEqual(Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])));
    expect(storedBase(null)).toEqual(Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])));
  });

  // Issue 12: a run holds every link of the folder at once. Links whose Outlook holds no values of
  // its own share one record of that (frozen: shared), and a link with own values and the word that
  // Outlook holds its base is one literal (no property array of its own), the same values either way.
  test('no own values: one shared, frozen record; a link with all it can hold reads as stored', () => {
    const none = { emails: [], phones: [] };
    const a = storedLink({ ...link, outlookOwn: none });
    const b = storedLink({ ...link, bcId: 'b2', outlookOwn: { emails: [], phones: [] } });
    expect(a.outlookOwn).toEqual(none);
    expect(a.outlookOwn).toBe(b.outlookOwn);
    // The record is frozen; its lists are of the stored lists' hidden class (empty-list.ts).
    expect(Object.isFrozen(a.outlookOwn)).toBe(true);
    expect(storedOutlookOwn({ emails: [], phones: [], waiting: { email: 'a@b.c' } })).toEqual({
      ...none,
      waiting: { email: 'a@b.c' },
    });
    expect(storedOutlookOwn({ emails: ['x@contoso.com'], phones: [] })).not.toBe(a.outlookOwn);
    expect(Object.keys(storedLink(link))).toEqual(Object.keys(link));
  });

  test('own values of another shape are not known', () => {
    expect(storedOutlookOwn({ nonsense: [1, 2] })).toBeUndefined();
    expect(storedOutlookOwn({ emails: [1], phones: [] })).toBeUndefined();
    expect(storedLink({ ...link, outlookOwn: { nonsense: 1 } as never }).outlookOwn).toBeUndefined();
  });
});
