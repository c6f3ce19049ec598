import { describe, expect, test } from '@jest/globals';
import { bcToSyncFields, outlookToSyncFields } from '../../src/core/mapping.js';
import type { FieldConflict } from '../../src/core/merge.js';
import { SYNC_FIELDS, sameFieldValue } from '../../src/core/model.js';
import type { OutlookContactDraft, SyncFields } from '../../src/core/model.js';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { ResolveError } from '../../src/core/resolve-types.js';
import { skipKey } from '../../src/core/pair.js';
import { World, person } from '../support/world.js';

// Trust (brief keepempty): a choice on a conflict writes into BC only values the user was shown,
// and never takes a contact's name or e-mail away (BC's match key; scope and BC's own sync need
// both, design §2, reference bc-contact-sync.md §2a "Required fields are Name, Email address").
// Every resolve path that writes Outlook's values into BC: a field record (resolveFields, with the
// one-sided fields it merges as a sync does), Keep Outlook of a contact that left scope (written
// into it, kept linked or let go) or that BC deleted (a new contact), and of one BC closed
// (nothing written). Found: a copy whose e-mail was cleared after the conflict was listed wrote an
// empty e-mail into the contact that left scope.

type Path = 'fields' | 'leftScope' | 'bcDeleted' | 'closed';
type Edit = Partial<OutlookContactDraft>;

const CLEARED: Edit = { emailAddresses: [] };
const NEW_EMAIL: Edit = { emailAddresses: [{ address: 'moved1@fabrikam.com', name: 'Person 1' }] };
const TITLE: Edit = { jobTitle: 'Procurement Lead' };
const NO_NAME: Edit = { displayName: '', givenName: '', surname: '' };
const street = (city: string, street = ''): Edit => ({
  businessAddress: { street, city, state: '', postalCode: '', countryOrRegion: '' },
});
const OUTLOOK_ONLY: Edit = { businessPhones: ['+44 20 1000', '+44 20 2000'] };

interface Row {
  readonly path: Path;
  /** The Outlook edit the run saw and listed. */
  readonly listed: Edit;
  /** BC's edit the run saw (a field record: the other side of the conflict). */
  readonly bcListed?: { readonly email?: string; readonly jobTitle?: string };
  /** An Outlook edit made after the conflict was listed: never shown. */
  readonly since?: Edit;
  readonly choice: ResolveChoice;
  /** The result's kind, or `refused <failure kind>` (and, invalidForBc, its reasons' kinds). */
  readonly end: string;
}

const KEEP_OUTLOOK: ResolveChoice = { kind: 'all', side: 'outlook' };
const KEEP_BC_TITLE: ResolveChoice = { kind: 'fields', fields: { jobTitle: 'bc' } };
const BC_TITLE = { jobTitle: 'Head Buyer' };

const ROWS: Record<string, Row> = {
  'field record: e-mail cleared in Outlook, changed in BC; keep Outlook’s e-mail': {
    path: 'fields',
    listed: CLEARED,
    bcListed: { email: 'new1@contoso.com' },
    choice: { kind: 'fields', fields: { email: 'outlook' } },
    end: 'refused invalidForBc missingEmail',
  },
  'field record: title; e-mail cleared since; keep Outlook': {
    path: 'fields',
    listed: TITLE,
    bcListed: BC_TITLE,
    since: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'merged; held back missingEmail',
  },
  'field record: title; name cleared since; keep BC’s title': {
    path: 'fields',
    listed: TITLE,
    bcListed: BC_TITLE,
    since: NO_NAME,
    choice: KEEP_BC_TITLE,
    end: 'merged; held back missingName',
  },
  'field record: title; a city the filter leaves out typed since; keep Outlook': {
    path: 'fields',
    listed: TITLE,
    bcListed: BC_TITLE,
    since: street('Paris'),
    choice: KEEP_OUTLOOK,
    end: 'merged; held back wouldLeaveScope',
  },
  'field record: title; a city the filter leaves out typed since; keep BC’s title': {
    path: 'fields',
    listed: TITLE,
    bcListed: BC_TITLE,
    since: street('Paris'),
    choice: KEEP_BC_TITLE,
    end: 'merged; held back wouldLeaveScope',
  },
  'field record: title; a street typed since; keep Outlook': {
    path: 'fields',
    listed: TITLE,
    bcListed: BC_TITLE,
    since: street('London', '1 King St'),
    choice: KEEP_OUTLOOK,
    // 83a1648c: a change typed since the card was shown, to a field not on it, is refused first
    // (the record then names it and the card says it is written with the choice; resolve-since-shown).
    end: 'refused changedSinceShown',
  },
  'field record: title; keep Outlook': {
    path: 'fields',
    listed: TITLE,
    bcListed: BC_TITLE,
    choice: KEEP_OUTLOOK,
    end: 'merged',
  },
  'left scope: title; e-mail cleared since': {
    path: 'leftScope',
    listed: TITLE,
    since: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'left scope: title; e-mail changed since': {
    path: 'leftScope',
    listed: TITLE,
    since: NEW_EMAIL,
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'left scope: title; mobile typed since': {
    path: 'leftScope',
    listed: TITLE,
    since: { mobilePhone: '+44 7700 900000' },
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'left scope: title; title changed again since': {
    path: 'leftScope',
    listed: TITLE,
    since: { jobTitle: 'Buyer' },
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'left scope: e-mail cleared, shown': {
    path: 'leftScope',
    listed: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'refused invalidForBc missingEmail',
  },
  'left scope: title, shown': {
    path: 'leftScope',
    listed: TITLE,
    choice: KEEP_OUTLOOK,
    end: 'recreatedInBc',
  },
  'left scope, copy let go: title and a second phone; e-mail cleared since': {
    path: 'leftScope',
    listed: { ...TITLE, ...OUTLOOK_ONLY },
    since: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'left scope, copy let go: title and a second phone, shown': {
    path: 'leftScope',
    listed: { ...TITLE, ...OUTLOOK_ONLY },
    choice: KEEP_OUTLOOK,
    end: 'recreatedInBc',
  },
  'BC deleted: title; e-mail cleared since': {
    path: 'bcDeleted',
    listed: TITLE,
    since: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'BC deleted: title; e-mail changed since': {
    path: 'bcDeleted',
    listed: TITLE,
    since: NEW_EMAIL,
    choice: KEEP_OUTLOOK,
    end: 'refused changedSinceShown',
  },
  'BC deleted: e-mail cleared, shown': {
    path: 'bcDeleted',
    listed: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'refused invalidForBc missingEmail',
  },
  'BC deleted: title, shown': {
    path: 'bcDeleted',
    listed: TITLE,
    choice: KEEP_OUTLOOK,
    end: 'recreatedInBc',
  },
  'privacy blocked: title; e-mail cleared since': {
    path: 'closed',
    listed: TITLE,
    since: CLEARED,
    choice: KEEP_OUTLOOK,
    end: 'keptInOutlook',
  },
};

/** Person 1 and its copy synced, the conflict of `row` listed by a run, then the edit since. */
async function listed(row: Row) {
  const w = new World();
  await w.settings({
    conflictPolicy: row.path === 'fields' ? 'manual' : 'bcWins',
    massDeleteShare: 1,
    filter: { city: 'London' },
  });
  const a = w.bc.seed(person(1));
  w.bc.seed(person(2, { city: 'Paris' }));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.mailbox.userEdit(o.id, row.listed);
  if (row.bcListed) w.bc.edit(a.id, row.bcListed);
  if (row.path === 'bcDeleted') w.bc.remove(a.id);
  if (row.path === 'closed') w.bc.edit(a.id, { privacyBlocked: true });
  if (row.path === 'leftScope')
    await w.settings({ filter: { city: 'London|Paris', email: `<>${w.bc.peek(a.id)!.email}` } });
  w.later();
  await w.sync('delta');
  const scope = await w.scope();
  const [entry] = await w.store.listConflicts(scope);
  expect(entry?.record.kind).toBe(row.path === 'fields' ? 'fields' : 'deletedInBc');
  const [link] = await w.store.findLinks(scope, { bcIds: [a.id], outlookIds: [] });
  if (row.since) w.mailbox.userEdit(o.id, row.since);
  const before = w.bc.peek(a.id);
  const resolve = async (choice: ResolveChoice): Promise<string> => {
    try {
      const r = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, choice);
      // Outlook changes a field record's choice held back are listed as a run lists them: skipped.
      const held = (await w.store.listSkipped(scope)).find((e) => e.key === skipKey('outlook', o.id));
      const heldKinds = held ? [held.record.reason, ...(held.record.more ?? [])].map((x) => x.kind) : [];
      if (heldKinds.length > 0) return `${r.kind}; held back ${heldKinds.join(' ')}`;
      return r.kind === 'recreatedInBc' ? `${r.kind} ${r.bcId}` : r.kind;
    } catch (e) {
      // invalidForBc names its reasons' kinds: "refused invalidForBc missingEmail".
      if (e instanceof ResolveError)
        return [
          `refused ${e.failure.kind}`,
          ...(e.failure.kind === 'invalidForBc' ? e.failure.reasons.map((r) => r.kind) : []),
        ].join(' ');
      throw e;
    }
  };
  return {
    w,
    a,
    o,
    scope,
    resolve,
    shown: entry!.record,
    base: link!.base,
    bcBefore: before ? bcToSyncFields(before) : null,
    fieldsNow: async () => (await w.store.listConflicts(scope))[0]?.record.fields ?? [],
  };
}

/**
 * The fields BC holds after the choice with a value it did not hold before and the user was not
 * shown for the side kept: a recorded field's value for that side (a settled one its winner); a
 * field a deletedInBc record does not list, the base (the record lists every field Outlook
 * changed); a field a field record does not list, Outlook's value as a sync merges it (any run
 * would write it). And whether BC lost a name or an e-mail it held.
 */
function unshown(
  choice: ResolveChoice,
  fields: readonly FieldConflict[],
  deletion: boolean,
  base: SyncFields,
  outlookNow: SyncFields,
  before: SyncFields | null,
  after: SyncFields,
): { readonly fields: string[]; readonly blanked: string[] } {
  const side = (f: string) => (choice.kind === 'all' ? choice.side : choice.fields[f as keyof SyncFields]);
  const out: string[] = [];
  for (const f of SYNC_FIELDS) {
    if (before && sameFieldValue(f, before[f], after[f])) continue;
    const c = fields.find((r) => r.field === f);
    const kept = side(f);
    const allowed = c
      ? kept && [
          c.winner === 'none' || c.winner === kept ? c[kept] : c[c.winner],
          ...(kept === 'outlook' && c.winner === 'bc' ? [c.outlook] : []),
        ]
      : [deletion ? base[f] : outlookNow[f]];
    if (!allowed || !allowed.some((v) => sameFieldValue(f, v, after[f]))) out.push(f);
  }
  const blanked = (['displayName', 'email'] as const).filter(
    (f) => (before === null || before[f].trim() !== '') && after[f].trim() === '',
  );
  return { fields: out, blanked };
}

describe('every choice writes into BC only values shown, and never blanks its name or e-mail', () => {
  test.each(Object.entries(ROWS))('%s', async (_name, row) => {
    const c = await listed(row);
    const end = await c.resolve(row.choice);
    expect(end.replace(/ [0-9a-f-]{36}$/, '')).toBe(row.end);
    const newId = end.startsWith('recreatedInBc') ? end.split(' ')[1]! : c.a.id;
    const b = c.w.bc.peek(newId);
    if (!b) return expect(row.path).toBe('bcDeleted');
    const after = bcToSyncFields(b);
    if (end.startsWith('refused') || end === 'keptInOutlook') expect(after).toEqual(c.bcBefore);
    const copy = c.w.mailbox.peek(c.o.id)!;
    const olNow = outlookToSyncFields(copy, null);
    const before = row.path === 'bcDeleted' ? null : c.bcBefore;
    expect(
      unshown(row.choice, c.shown.fields, c.shown.kind === 'deletedInBc', c.base, olNow, before, after),
    ).toEqual({
      fields: [],
      blanked: [],
    });
  });

  test('named example: a city the filter leaves out typed into the copy after a title conflict was listed: Keep Outlook writes the title, holds the city back, and a run keeps the copy', async () => {
    const c = await listed(
      ROWS['field record: title; a city the filter leaves out typed since; keep Outlook']!,
    );
    expect(await c.resolve(KEEP_OUTLOOK)).toBe('merged; held back wouldLeaveScope');
    expect(c.w.bc.peek(c.a.id)!.jobTitle).toBe('Procurement Lead');
    // It merged Paris into BC: the contact left scope and the next run removed the copy just kept.
    await c.w.sync('delta');
    expect(c.w.mailbox.peek(c.o.id)?.businessAddress.city).toBe('Paris');
    expect(c.w.bc.peek(c.a.id)!.city).toBe('London');
    expect(await c.w.store.listConflicts(c.scope)).toEqual([]);
  });

  test('named example (attack F1): a title conflict, then the copy’s name and e-mail cleared: Keep BC resolves it, BC keeps its name and e-mail, the clear is listed as skipped', async () => {
    const c = await listed({
      ...ROWS['field record: title; keep Outlook']!,
      since: { ...NO_NAME, ...CLEARED },
    });
    // Every choice was refused ("no name and no e-mail"): a conflict no choice could resolve.
    expect(await c.resolve({ kind: 'all', side: 'bc' })).toBe('merged; held back missingName missingEmail');
    const b = c.w.bc.peek(c.a.id)!;
    expect({ name: b.displayName, email: b.email, title: b.jobTitle }).toEqual({
      name: c.bcBefore!.displayName,
      email: c.bcBefore!.email,
      title: 'Head Buyer',
    });
    expect(c.w.mailbox.peek(c.o.id)!.jobTitle).toBe('Head Buyer');
    expect(await c.w.store.listConflicts(c.scope)).toEqual([]);
  });

  test('named example: left scope, the copy’s e-mail cleared after it was listed: Keep Outlook is refused and shows the clear; kept again, BC keeps its e-mail', async () => {
    const c = await listed(ROWS['left scope: title; e-mail cleared since']!);
    const email = c.bcBefore!.email;
    expect(await c.resolve(KEEP_OUTLOOK)).toBe('refused changedSinceShown');
    expect((await c.fieldsNow()).map((f) => [f.field, f.outlook])).toEqual([
      ['jobTitle', 'Procurement Lead'],
      ['email', ''],
    ]);
    // Shown now, the clear still cannot go into BC: its e-mail is the contact's key.
    expect(await c.resolve(KEEP_OUTLOOK)).toBe('refused invalidForBc missingEmail');
    expect(c.w.bc.peek(c.a.id)!.email).toBe(email);
    // Keep BC takes the copy away; BC is as it was.
    expect(await c.resolve({ kind: 'all', side: 'bc' })).toBe('deletionAccepted');
    expect(c.w.bc.peek(c.a.id)!.email).toBe(email);
  });
});

// The planner's path: a run under outlookWins writes Outlook's values into BC by itself. A contact
// that left scope is only listed (deletedInBc, rules deletions.keepOutlookChanges); a linked one
// takes no blank name or e-mail (bc-refusals.ts wouldLeaveScope), conflicting or not.
const RUN_ROWS: [string, 'leftScope' | 'linked', Edit, { email?: string } | null][] = [
  ['left scope, e-mail cleared in Outlook', 'leftScope', CLEARED, null],
  ['left scope, name cleared in Outlook', 'leftScope', NO_NAME, null],
  ['linked, e-mail cleared in Outlook', 'linked', CLEARED, null],
  ['linked, e-mail cleared in Outlook and changed in BC', 'linked', CLEARED, { email: 'new1@contoso.com' }],
  ['linked, name cleared in Outlook', 'linked', NO_NAME, null],
];

describe('a run under outlookWins never blanks a name or an e-mail in BC', () => {
  test.each(RUN_ROWS)('%s', async (_name, path, edit, bcEdit) => {
    const w = new World();
    await w.settings({ conflictPolicy: 'outlookWins', massDeleteShare: 1, filter: { city: 'London' } });
    const a = w.bc.seed(person(1));
    w.bc.seed(person(2, { city: 'Paris' }));
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.mailbox.userEdit(o.id, edit);
    if (bcEdit) w.bc.edit(a.id, bcEdit);
    if (path === 'leftScope') w.bc.edit(a.id, { city: 'Paris' });
    const before = bcToSyncFields(w.bc.peek(a.id)!);
    w.later();
    await w.sync('delta');
    await w.sync('full');
    const after = bcToSyncFields(w.bc.peek(a.id)!);
    expect({ displayName: after.displayName, email: after.email }).toEqual({
      displayName: before.displayName,
      email: before.email,
    });
  });
});
