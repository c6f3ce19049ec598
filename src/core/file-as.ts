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

/** One form for comparing names: NFC, blanks collapsed, case folded (upper then lower: ß ~ SS). */
const nameKey = (value: string): string =>
  value.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase().toLowerCase().normalize('NFC');

type Form = (n: ContactNames) => string;

const join = (...parts: string[]): string =>
  parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
const lastComma = (surname: string, first: string): string =>
  surname.trim() !== '' && first.trim() !== '' ? `${surname.trim()}, ${first.trim()}` : join(surname, first);
const firsts: readonly Form[] = [(n) => n.givenName, (n) => join(n.givenName, n.middleName)];

/**
 * The person forms of Outlook's "File as" choices, each with and without the middle name: "Last,
 * First", "First Last"; the display name last (refiling prefers a form built from the parts).
 */
const PERSON_FORMS: readonly Form[] = [
  ...firsts.flatMap((first): Form[] => [
    (n) => lastComma(n.surname, first(n)),
    (n) => join(first(n), n.surname),
  ]),
  (n) => n.displayName.trim(),
];

const withCompany = (person: string, company: string, order: 'after' | 'before'): string => {
  if (person === '' || company.trim() === '') return '';
  return order === 'after' ? `${person} (${company.trim()})` : `${company.trim()} (${person})`;
};

/** Every form, in the order refiling tries them: person, company, "Person (Company)", "Company (Person)". */
const FORMS: readonly Form[] = [
  ...PERSON_FORMS,
  (n) => n.companyName.trim(),
  ...PERSON_FORMS.map(
    (person): Form =>
      (n) =>
        withCompany(person(n), n.companyName, 'after'),
  ),
  ...PERSON_FORMS.map(
    (person): Form =>
      (n) =>
        withCompany(person(n), n.companyName, 'before'),
  ),
];

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
