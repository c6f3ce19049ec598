import { nfc } from './model.js';
import type { SyncFields } from './model.js';

/**
 * Outlook's "File as" (Graph `fileAs`): the name a contact is filed under. Outlook derives it from
 * the contact's name in one of a few forms; only a value that is none of them is the user's own
 * (an Outlook-only value that must never be lost, F54/F58). A contact renamed through Graph keeps
 * its old fileAs (Graph does not refile it), so the question "derived or own?" must also be asked
 * against the names the contact had before (the link's base), and a rename the sync writes carries
 * the refiled form along (`refiledFileAs`).
 */
export interface ContactNames {
  readonly givenName: string;
  readonly middleName: string;
  readonly surname: string;
  readonly companyName: string;
  readonly displayName: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The names of a Graph contact (JSON). */
export function namesOfJson(json: Readonly<Record<string, unknown>>): ContactNames {
  return {
    givenName: text(json.givenName),
    middleName: text(json.middleName),
    surname: text(json.surname),
    companyName: text(json.companyName),
    displayName: text(json.displayName),
  };
}

/** The names BC's fields hold (a link's base, a target of a write). */
export function namesOfFields(fields: SyncFields): ContactNames {
  return {
    givenName: fields.firstName,
    middleName: fields.middleName,
    surname: fields.surname,
    companyName: fields.companyName,
    displayName: fields.displayName,
  };
}

/**
 * One form for comparing names: the one text form (nfc), blanks (also Outlook's CR LF between the
 * name and the company) collapsed, case folded (upper then lower: ß ~ SS).
 */
const nameKey = (value: string): string =>
  nfc(nfc(value).replace(/\s+/g, ' ').trim().toUpperCase().toLowerCase());

type Form = (n: ContactNames) => string;

const join = (...parts: string[]): string =>
  parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
/** Two parts with `between` when both are set; else the one that is (a missing part takes its separator along). */
const pair = (a: string, between: string, b: string): string =>
  a.trim() !== '' && b.trim() !== '' ? `${a.trim()}${between}${b.trim()}` : join(a, b);

/**
 * The person forms of Outlook's "File as" choices (PidLidFileUnderId, [MS-OXOCNTC] 2.2.1.1.12;
 * EWS FileAsMapping), each with the given name alone and with the middle name: "Last, First",
 * "First Last", "Last First" (F92: no comma, as East Asian Outlooks offer it) and "LastFirst" (no
 * space); then the display name, the first name and the last name alone. The generation suffix
 * ("Jr.") is not a BC field: a form with one reads as the user's own, which is only ever kept.
 */
const PERSON_FORMS: readonly (readonly [label: string, form: Form])[] = [
  ...(
    [
      ['First', (n: ContactNames) => n.givenName],
      ['FirstMiddle', (n: ContactNames) => join(n.givenName, n.middleName)],
    ] as const
  ).flatMap(([first, f]): [string, Form][] => [
    [`LastComma${first}`, (n) => pair(n.surname, ', ', f(n))],
    [`${first}SpaceLast`, (n) => join(f(n), n.surname)],
    [`LastSpace${first}`, (n) => join(n.surname, f(n))],
    [`Last${first}`, (n) => pair(n.surname, '', f(n))],
  ]),
  ['DisplayName', (n) => n.displayName.trim()],
  ['FirstName', (n) => n.givenName.trim()],
  ['LastName', (n) => n.surname.trim()],
];

/** How Outlook puts a person form and the company together: as its lists show it, and as stored (CR LF). */
const WITH_COMPANY: readonly (readonly [
  label: (person: string) => string,
  join: (p: string, c: string) => string,
])[] = [
  [(p) => `${p}(Company)`, (p, c) => `${p} (${c})`],
  [(p) => `Company(${p})`, (p, c) => `${c} (${p})`],
  [(p) => `${p}CrLfCompany`, (p, c) => `${p}\r\n${c}`],
  [(p) => `CompanyCrLf${p}`, (p, c) => `${c}\r\n${p}`],
];
const COMPANY_PERSONS = PERSON_FORMS.filter(([label]) => label !== 'FirstName' && label !== 'LastName');

/**
 * Every form Outlook files a contact under, labelled (EWS FileAsMapping's names where it has one), in the order refiling tries them: person,
 * company, then each person form with the company after or before it. One table: deciding "derived
 * or own?" and refiling after a rename both read it.
 * @internal
 */
export const FILE_AS_FORMS: readonly (readonly [label: string, form: Form])[] = [
  ...PERSON_FORMS,
  ['Company', (n) => n.companyName.trim()],
  ...WITH_COMPANY.flatMap(([label, put]) =>
    COMPANY_PERSONS.map(([person, form]): [string, Form] => [
      label(person),
      (n) => {
        const p = form(n);
        const c = n.companyName.trim();
        return p === '' || c === '' ? '' : put(p, c);
      },
    ]),
  ),
];
const FORMS: readonly Form[] = FILE_AS_FORMS.map(([, form]) => form);

/** The first form that files `names` under `fileAs`; null when none does. */
function formOf(fileAs: string, names: ContactNames): Form | null {
  const key = nameKey(fileAs);
  return FORMS.find((form) => form(names) !== '' && nameKey(form(names)) === key) ?? null;
}

/**
 * Whether `fileAs` is the user's own: set, and none of the forms Outlook files a contact under
 * for any of `names` (the contact's names now, and the names it had before: a rename through Graph
 * leaves the form derived from the old name in place).
 */
export function fileAsIsOwn(fileAs: string, ...names: readonly ContactNames[]): boolean {
  if (nameKey(fileAs) === '') return false;
  return names.every((n) => formOf(fileAs, n) === null);
}

/**
 * The fileAs a contact filed under `fileAs` for the names `from` gets when it is renamed to `to`:
 * the same form built from the new names. Undefined when nothing changes: the fileAs is the user's
 * own (or empty), or the form reads the same for the new names.
 */
export function refiledFileAs(fileAs: string, from: ContactNames, to: ContactNames): string | undefined {
  if (nameKey(fileAs) === '') return undefined;
  const form = formOf(fileAs, from);
  if (form === null) return undefined;
  // A form the new names leave empty ("Company" once the company is cleared) files under the first that is not.
  const next = form(to) || FORMS.map((f) => f(to)).find((f) => f !== '') || '';
  if (next === '' || nameKey(next) === nameKey(fileAs)) return undefined;
  return next;
}
