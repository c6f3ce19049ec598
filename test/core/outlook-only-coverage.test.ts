import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { fileAsIsOwn } from '../../src/core/file-as.js';
import { OUTLOOK_ONLY_PROPERTIES, OUTLOOK_ONLY_SELECTED } from '../../src/core/outlook-only.js';
import { CONTACT_PROPERTY_ORDER } from '../../src/emulator/contact-model.js';
import { CONTACT_QUERY, CONTACT_SELECT } from '../../src/graph/contact-mapping.js';
import { yesNo } from '../support/yes-no.js';

// F58: nothing a Graph contact can hold is unseen by the keepOutlookOnly rule. Graph's v1.0
// contact resource (learn.microsoft.com/graph/api/resources/contact; reference §1), every property
// and relationship, with what the sync does with it.
const GRAPH_CONTACT_PROPERTIES = {
  // outlookItem metadata, read-only: nothing the user typed.
  id: 'readOnly',
  createdDateTime: 'readOnly',
  lastModifiedDateTime: 'readOnly',
  changeKey: 'readOnly',
  parentFolderId: 'readOnly',
  // Mapped to BC fields (design §3).
  displayName: 'mapped',
  givenName: 'mapped',
  middleName: 'mapped',
  surname: 'mapped',
  initials: 'mapped',
  jobTitle: 'mapped',
  companyName: 'mapped',
  emailAddresses: 'mapped', // Outlook's own entries beyond BC's: owned-values.ts
  businessPhones: 'mapped', // idem
  mobilePhone: 'mapped',
  businessHomePage: 'mapped',
  businessAddress: 'mapped',
  // BC has no field for these.
  categories: 'outlookOnly',
  birthday: 'outlookOnly',
  fileAs: 'outlookOnly',
  nickName: 'outlookOnly',
  title: 'outlookOnly',
  yomiGivenName: 'outlookOnly',
  yomiSurname: 'outlookOnly',
  yomiCompanyName: 'outlookOnly',
  generation: 'outlookOnly',
  imAddresses: 'outlookOnly',
  department: 'outlookOnly',
  officeLocation: 'outlookOnly',
  profession: 'outlookOnly',
  assistantName: 'outlookOnly',
  manager: 'outlookOnly',
  homePhones: 'outlookOnly',
  spouseName: 'outlookOnly',
  personalNotes: 'outlookOnly',
  children: 'outlookOnly',
  homeAddress: 'outlookOnly',
  otherAddress: 'outlookOnly',
} as const;

/**
 * Relationships: `photo` is Outlook-only (PidLidHasPicture); extended properties are read for the
 * BC id, the fax and the photo flag. Not seen (said in docs/sync-rules.md): open `extensions` and
 * other extended properties are other applications' data, which Graph expands only by name — the
 * sync cannot know which to ask for.
 */
const GRAPH_CONTACT_RELATIONSHIPS = {
  photo: 'outlookOnly',
  singleValueExtendedProperties: 'read',
  multiValueExtendedProperties: 'notSeen',
  extensions: 'notSeen',
} as const;

const byKind = (kind: string) =>
  Object.entries(GRAPH_CONTACT_PROPERTIES)
    .filter(([, k]) => k === kind)
    .map(([p]) => p);

describe("F58: every property of Graph's contact is mapped, Outlook-only or read-only", () => {
  test("the table is Graph's contact as the emulator models it (an independent list)", () => {
    expect(Object.keys(GRAPH_CONTACT_PROPERTIES).sort()).toEqual([...CONTACT_PROPERTY_ORDER].sort());
  });

  test('the Outlook-only list is exactly the unmapped writable properties, plus the photo', () => {
    expect([...OUTLOOK_ONLY_SELECTED].sort()).toEqual(byKind('outlookOnly').sort());
    const relations = Object.entries(GRAPH_CONTACT_RELATIONSHIPS).filter(([, k]) => k === 'outlookOnly');
    expect(
      OUTLOOK_ONLY_PROPERTIES.filter((p) => !(OUTLOOK_ONLY_SELECTED as readonly string[]).includes(p)),
    ).toEqual(relations.map(([p]) => p));
  });

  test('every read selects every mapped and Outlook-only property, and expands the photo flag', () => {
    const selected = CONTACT_SELECT.split(',');
    for (const p of [...byKind('mapped'), ...byKind('outlookOnly')])
      expect([p, selected.includes(p)]).toEqual([p, true]);
    expect(decodeURIComponent(CONTACT_QUERY)).toContain(
      "id eq 'Boolean {00062004-0000-0000-C000-000000000046} Id 0x8015'",
    );
  });
});

// ---- fileAs: the user's own only when it is none of the forms Outlook derives ----

const part = fc.stringMatching(/^[A-Za-zÀ-ÿ]{1,8}$/);
const names = fc.record({
  givenName: part,
  middleName: fc.oneof(fc.constant(''), part),
  surname: part,
  companyName: fc.oneof(fc.constant(''), part),
});

describe('F58: a "file as" counts as Outlook-only only when the user set it', () => {
  const example = {
    givenName: 'Bo',
    middleName: '',
    surname: 'Lind',
    companyName: 'Contoso',
    displayName: 'Bo Lind',
  };
  yesNo('fileAs on Bo Lind of Contoso is own', (fileAs) => fileAsIsOwn(fileAs, example), {
    yes: ['Bo (buyer, Uppsala)', 'Lindqvist, Bo'],
    no: ['', 'Lind, Bo', 'Bo Lind', 'Contoso', 'Lind, Bo (Contoso)', 'Contoso (Lind, Bo)', '  lind,   BO '],
  });

  test('property: every form Outlook derives from random names is not own; a marked one always is', () => {
    fc.assert(
      fc.property(names, fc.nat(5), (n, pick) => {
        const first = n.middleName ? `${n.givenName} ${n.middleName}` : n.givenName;
        const forms = [`${n.surname}, ${first}`, `${first} ${n.surname}`, `${n.surname}, ${n.givenName}`];
        if (n.companyName)
          forms.push(n.companyName, `${forms[0]} (${n.companyName})`, `${n.companyName} (${forms[0]})`);
        const contact = { ...n, displayName: `${n.givenName} ${n.surname}` };
        const derived = forms[pick % forms.length]!;
        expect(fileAsIsOwn(derived.toUpperCase(), contact)).toBe(false);
        expect(fileAsIsOwn(`${derived} ★`, contact)).toBe(true);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 300), seed: Number(process.env.PROP_SEED ?? 8058) },
    );
  });
});
