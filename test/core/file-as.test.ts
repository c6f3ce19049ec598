import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { FILE_AS_FORMS, fileAsIsOwn, refiledFileAs } from '../../src/core/file-as.js';
import type { ContactNames } from '../../src/core/file-as.js';
import type { SyncMode } from '../../src/core/records.js';
import { deletablePerson } from '../support/world.js';

// Outlook's "File as" is derived from the name unless the user typed one (F58). Graph does not
// refile a contact renamed through it, so after a BC rename the copy kept "Lind, Bo" under the
// name "Bo Lindqvist": that read as the user's own value, and a later BC deletion (or scope exit,
// folder move, kept copy) kept the copy with a conflict about a value nobody typed. The kind:
// every "derived or own?" decision for a linked copy. Now a rename the sync writes refiles the
// contact under the same form, and a form derived from the link's base names counts as derived.

interface Names {
  readonly given: string;
  readonly middle: string;
  readonly surname: string;
  readonly company: string;
}

const asContact = (n: Names): ContactNames => ({
  givenName: n.given,
  middleName: n.middle,
  surname: n.surname,
  companyName: n.company,
  displayName: `${n.given} ${n.surname}`,
});

/** The forms Outlook's "File as" list offers for a person (the middle name left out when empty). */
const FORMS: readonly ((n: Names) => string)[] = [
  (n) => `${n.surname}, ${n.given}`,
  (n) => `${n.given} ${n.surname}`,
  (n) => (n.middle ? `${n.surname}, ${n.given} ${n.middle}` : `${n.surname}, ${n.given}`),
  (n) => (n.company ? `${n.surname}, ${n.given} (${n.company})` : `${n.surname}, ${n.given}`),
  (n) => (n.company ? `${n.company} (${n.surname}, ${n.given})` : `${n.given} ${n.surname}`),
  (n) => `${n.surname} ${n.given}`,
  (n) => (n.company ? `${n.company}\r\n${n.surname} ${n.given}` : `${n.surname} ${n.given}`),
];

const OWN = 'Key account ★';

const part = fc.stringMatching(/^[A-Za-zÀ-ÿ]{1,8}$/);
const names: fc.Arbitrary<Names> = fc.record({
  given: part,
  middle: fc.oneof(fc.constant(''), part),
  surname: part,
  company: fc.oneof(fc.constant(''), part),
});

/** BC's fields for these names (BC's Name is "First Surname"). */
const bcNames = (n: Names) => ({
  firstName: n.given,
  middleName: n.middle,
  surname: n.surname,
  companyName: n.company,
  displayName: `${n.given} ${n.surname}`,
});

async function syncedWith(n: Names, fileAs: string) {
  const { w, a, o: copy } = await deletablePerson(bcNames(n));
  w.mailbox.userSetFileAs(copy.id, fileAs);
  await w.sync('delta');
  return { w, a, copy };
}

const BO = { given: 'Bo', middle: '', surname: 'Lind', company: 'Contoso' };
const BO_LINDQVIST = { ...BO, surname: 'Lindqvist' };

describe('a "File as" Outlook derived follows the name; only one the user typed is theirs', () => {
  test('example: BC renames Bo Lind to Bo Lindqvist: "Lind, Bo" becomes "Lindqvist, Bo", and a later BC delete removes the copy', async () => {
    const { w, a, copy } = await syncedWith(BO, 'Lind, Bo');
    w.bc.edit(a.id, bcNames(BO_LINDQVIST));
    await w.sync('delta');
    const renamed = (await w.outlookByBcId(a.id))!;
    expect(renamed).toMatchObject({ displayName: 'Bo Lindqvist', fileAs: 'Lindqvist, Bo', outlookOnly: [] });
    w.bc.remove(a.id);
    const { record } = await w.sync('delta');
    expect(record.counts.outlook.deleted).toBe(1);
    expect((await w.outlook()).map((o) => o.id)).not.toContain(copy.id);
    expect(await w.store.listConflicts(await w.scope())).toEqual([]);
  });

  test('example: renamed in Outlook (not refiled) and deleted in BC before a sync: the conflict does not name "File as"', async () => {
    const { w, a, copy } = await syncedWith(BO, 'Lind, Bo (Contoso)');
    w.mailbox.userEdit(copy.id, { surname: 'Lindqvist', displayName: 'Bo Lindqvist' });
    w.bc.remove(a.id);
    await w.sync('delta');
    const [conflict] = await w.store.listConflicts(await w.scope());
    // Kept for the rename BC never saw, not for a value the user typed.
    const fields = conflict?.record.kind === 'deletedInBc' ? conflict.record.fields.map((f) => f.field) : [];
    expect(fields.sort()).toEqual(['displayName', 'surname']);
    expect(conflict?.record.kind === 'deletedInBc' ? conflict.record.outlookOnly : 'none').toBeUndefined();
  });

  test('example: a "File as" the user typed survives a BC rename as typed and keeps the copy on a BC delete', async () => {
    const { w, a, copy } = await syncedWith(BO, 'Bo (Uppsala office)');
    w.bc.edit(a.id, bcNames(BO_LINDQVIST));
    await w.sync('full');
    expect((await w.outlookByBcId(a.id))?.fileAs).toBe('Bo (Uppsala office)');
    w.bc.remove(a.id);
    await w.sync('full');
    expect((await w.outlook()).map((o) => o.id)).toContain(copy.id);
    const [conflict] = await w.store.listConflicts(await w.scope());
    expect(conflict?.record).toMatchObject({ kind: 'deletedInBc', outlookOnly: { properties: ['fileAs'] } });
  });

  test('property: each form refiles to the same form of the new names; one the user typed never refiles', () => {
    fc.assert(
      fc.property(names, names, fc.nat(FORMS.length - 1), (from, to, k) => {
        const form = FORMS[k]!;
        const refiled = refiledFileAs(form(from).toUpperCase(), asContact(from), asContact(to));
        // Undefined when the old form already reads as the new one (same names in that form).
        if (refiled !== undefined) expect(fileAsIsOwn(refiled, asContact(to))).toBe(false);
        else expect(fileAsIsOwn(form(from), asContact(to))).toBe(false);
        expect(refiledFileAs(`${form(from)} ${OWN}`, asContact(from), asContact(to))).toBeUndefined();
        expect(fileAsIsOwn(form(from), asContact(to), asContact(from))).toBe(false);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 300), seed: Number(process.env.PROP_SEED ?? 8090) },
    );
  });

  test('property: through any BC renames and syncs, a derived "File as" follows the name and never keeps a copy BC deleted; a typed one stays as typed and always does', async () => {
    const step = fc.record({ rename: names, mode: fc.constantFrom<SyncMode>('delta', 'full') });
    await fc.assert(
      fc.asyncProperty(
        names,
        fc.oneof(fc.nat(FORMS.length - 1), fc.constant(-1)),
        fc.array(step, { maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom<SyncMode>('delta', 'full'),
        async (start, k, renames, outlookRenames, last) => {
          const typed = k < 0 ? OWN : FORMS[k]!(start);
          const { w, a, copy } = await syncedWith(start, typed);
          let now = start;
          for (const { rename, mode } of renames) {
            w.bc.edit(a.id, bcNames(rename));
            await w.sync(mode);
            now = rename;
            const fileAs = (await w.outlookByBcId(a.id))?.fileAs ?? '';
            if (k < 0) expect(fileAs).toBe(OWN);
            else expect(fileAsIsOwn(fileAs, asContact(now))).toBe(false);
          }
          if (outlookRenames) {
            const other = { ...now, surname: `${now.surname}x` };
            w.mailbox.userEdit(copy.id, {
              surname: other.surname,
              displayName: `${other.given} ${other.surname}`,
            });
          }
          w.bc.remove(a.id);
          await w.sync(last);
          const conflicts = await w.store.listConflicts(await w.scope());
          const named = conflicts.some(
            (c) => c.record.kind === 'deletedInBc' && c.record.outlookOnly !== undefined,
          );
          const kept = (await w.outlook()).some((o) => o.id === copy.id);
          expect(named).toBe(k < 0);
          expect(kept).toBe(k < 0 || outlookRenames);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 8091) },
    );
  });

  test('F92 example: BC renames Bo Lind to Bo Lindqvist: "Lind Bo" (Last First, no comma) becomes "Lindqvist Bo"', async () => {
    const { w, a } = await syncedWith(BO, 'Lind Bo');
    w.bc.edit(a.id, bcNames(BO_LINDQVIST));
    await w.sync('delta');
    expect(await w.outlookByBcId(a.id)).toMatchObject({ fileAs: 'Lindqvist Bo', outlookOnly: [] });
  });
});

// Every "File as" Outlook offers ([MS-OXOCNTC] PidLidFileUnderId, EWS FileAsMapping), written out:
// before and after a rename of every name part. Company forms as Outlook lists them ("(…)") and as
// it stores them (CR LF between the parts).
const FROM: ContactNames = {
  givenName: 'Bo',
  middleName: 'Erik',
  surname: 'Lind',
  companyName: 'Contoso',
  displayName: 'Bo E. Lind',
};
const TO: ContactNames = {
  givenName: 'Bosse',
  middleName: 'Erik',
  surname: 'Lindqvist',
  companyName: 'Contoso AB',
  displayName: 'Bosse E. Lindqvist',
};
const PERSON_TABLE: Readonly<Record<string, readonly [string, string]>> = {
  LastCommaFirst: ['Lind, Bo', 'Lindqvist, Bosse'],
  FirstSpaceLast: ['Bo Lind', 'Bosse Lindqvist'],
  LastSpaceFirst: ['Lind Bo', 'Lindqvist Bosse'],
  LastFirst: ['LindBo', 'LindqvistBosse'],
  LastCommaFirstMiddle: ['Lind, Bo Erik', 'Lindqvist, Bosse Erik'],
  FirstMiddleSpaceLast: ['Bo Erik Lind', 'Bosse Erik Lindqvist'],
  LastSpaceFirstMiddle: ['Lind Bo Erik', 'Lindqvist Bosse Erik'],
  LastFirstMiddle: ['LindBo Erik', 'LindqvistBosse Erik'],
  DisplayName: ['Bo E. Lind', 'Bosse E. Lindqvist'],
};
const TABLE: Readonly<Record<string, readonly [string, string]>> = {
  ...PERSON_TABLE,
  FirstName: ['Bo', 'Bosse'],
  LastName: ['Lind', 'Lindqvist'],
  Company: ['Contoso', 'Contoso AB'],
  ...Object.fromEntries(
    Object.entries(PERSON_TABLE).flatMap(([label, [from, to]]) => [
      [`${label}(Company)`, [`${from} (Contoso)`, `${to} (Contoso AB)`]],
      [`Company(${label})`, [`Contoso (${from})`, `Contoso AB (${to})`]],
      [`${label}CrLfCompany`, [`${from}\r\nContoso`, `${to}\r\nContoso AB`]],
      [`CompanyCrLf${label}`, [`Contoso\r\n${from}`, `Contoso AB\r\n${to}`]],
    ]),
  ),
};

describe('F92: every "File as" form Outlook offers, one table', () => {
  test('the table covers every form the engine knows', () => {
    expect(Object.keys(TABLE).sort()).toEqual(FILE_AS_FORMS.map(([label]) => label).sort());
  });

  test.each(Object.entries(TABLE))(
    '%s: derived before and after, refiled under the same form',
    (_label, [from, to]) => {
      expect(fileAsIsOwn(from, FROM)).toBe(false);
      expect(refiledFileAs(from, FROM, TO)).toBe(to);
      expect(fileAsIsOwn(to, TO)).toBe(false);
      // In another case or spacing it is the same form (Outlook's list is not case-sensitive).
      expect(refiledFileAs(from.toUpperCase().replace(' ', '\u00A0'), FROM, TO)).toBe(to);
      // One the user typed next to it is theirs: never refiled, never written.
      expect(fileAsIsOwn(`${from} ★`, FROM, TO)).toBe(true);
      expect(refiledFileAs(`${from} ★`, FROM, TO)).toBeUndefined();
    },
  );
});
