import type { Clock } from '../core/ports.js';
import { insertCompany, insertContact } from './bc-repository.js';
import type { ContactWrite } from './bc-repository.js';
import type { Db } from './db.js';
import { mulberry32 } from '../platform/mulberry32.js';
import { COMPANIES, COUNTRIES, JOB_TITLES, SALESPEOPLE } from './demo-seed-data.js';

/** @internal */
export const DEMO_COMPANY_NAME = 'CRONUS International Ltd.';
/** Fixed so links made against the demo survive a re-seed of a fresh store. */
export const DEMO_COMPANY_ID = '5d115c9c-44e3-ee11-904d-6045bdc8c192';

export interface SeedCounts {
  /** False when a company already existed and nothing was written. */
  readonly seeded: boolean;
  readonly companyId: string | null;
  readonly contacts: number;
  readonly persons: number;
  readonly companyContacts: number;
  readonly withoutEmail: number;
  readonly privacyBlocked: number;
  /** Persons whose e-mail another person also has (the duplicate case of design §2). */
  readonly sharedEmail: number;
}

/** Every count of `SeedCounts` at zero, to count up from (or to report nothing seeded). */
const noneSeeded = () => ({
  contacts: 0,
  persons: 0,
  companyContacts: 0,
  withoutEmail: 0,
  privacyBlocked: 0,
  sharedEmail: 0,
});

const initialsOfName = (...parts: string[]): string =>
  parts
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase())
    .join('');

const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

// Any constant works; it only has to be the same in every process seeding this database.
const SEED_LOCK_ID = 727_311_002;

/**
 * Seeds the demo company: 30 customer/vendor companies (as company-type contacts) with their
 * people, across GB, DK, NL, FI, SE, IT, FR, US and DE. Deterministic (seeded PRNG, fixed ids for
 * the company); does nothing when any company exists. Processes starting together on one database
 * take turns (advisory lock): the second sees the first one's company and seeds nothing.
 */
export async function seedDemoCompany(db: Db, clock: Clock): Promise<SeedCounts> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_ID]);
    const existing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM companies');
    if ((existing.rows[0]?.n ?? 0) > 0) {
      return { seeded: false, companyId: null, ...noneSeeded() };
    }
    const company = await insertCompany(tx, clock, { id: DEMO_COMPANY_ID, name: DEMO_COMPANY_NAME });
    const rnd = mulberry32(6700);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const counts = noneSeeded();
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
    // Ids from the PRNG too, so two fresh stores seed identical data.
    const add = async (input: ContactWrite) => {
      const id = `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
      const r = await insertContact(tx, clock, company.id, { ...input, id });
      if (!r.ok) throw new Error(`demo seed: ${input.displayName}: ${r.error.message}`);
      counts.contacts++;
      if (input.type === 'Company') counts.companyContacts++;
      else counts.persons++;
      if (!input.email) counts.withoutEmail++;
      if (input.privacyBlocked) counts.privacyBlocked++;
      return r.value;
    };

    for (const [ci, co] of COMPANIES.entries()) {
      const country = COUNTRIES[co.country]!;
      const domain = `${ascii(co.name.split(/[ ,]/)[0] ?? 'example')}.${country.tld}`;
      const phone = () =>
        `${country.phonePrefix} ${String(Math.floor(rnd() * 9e6) + 1e6).replace(/(\d{3})(\d{4})/, '$1 $2')}`;
      const salesperson = SALESPEOPLE[ci % SALESPEOPLE.length]!;
      const address = {
        addressLine1: co.street,
        city: co.city,
        postalCode: co.postalCode,
        state: co.state,
        country: co.country,
      };
      const companyContact = await add({
        type: 'Company',
        displayName: co.name,
        companyName: co.name,
        ...address,
        phoneNumber: phone(),
        faxNumber: ci % 3 === 0 ? phone() : '',
        // Every fourth company has no general mailbox.
        email: ci % 4 === 3 ? '' : `info@${domain}`,
        website: `https://www.${domain}`,
        territoryCode: co.territory,
        salespersonCode: salesperson,
      });
      const people = 5 + Math.floor(rnd() * 3);
      const used = new Set<string>();
      let firstEmail = '';
      for (let p = 0; p < people; p++) {
        let first = pick(country.first);
        let last = pick(country.last);
        for (let guard = 0; used.has(`${first} ${last}`) && guard < 20; guard++) {
          first = pick(country.first);
          last = pick(country.last);
        }
        used.add(`${first} ${last}`);
        const middle = rnd() < 0.08 ? pick(country.first) : '';
        const displayName = [first, middle, last].filter((s) => s !== '').join(' ');
        let email = `${ascii(first)}.${ascii(last)}@${domain}`;
        // Every few companies a person shares the e-mail of a colleague (a shared inbox).
        const shares = ci % 6 === 1 && p === people - 1 && firstEmail !== '';
        if (shares) {
          email = firstEmail;
          counts.sharedEmail += 2;
        }
        if (!shares && rnd() < 0.08) email = '';
        if (p === 0) firstEmail = email;
        await add({
          type: 'Person',
          displayName,
          firstName: first,
          middleName: middle,
          surname: last,
          initials: initialsOfName(first, middle, last),
          jobTitle: pick(JOB_TITLES),
          companyName: co.name,
          companyNumber: companyContact.number,
          ...address,
          addressLine2: rnd() < 0.15 ? `Floor ${1 + Math.floor(rnd() * 9)}` : '',
          email,
          email2:
            rnd() < 0.1 && email !== ''
              ? `${ascii(first)}${Math.floor(rnd() * 90) + 10}@mail.${country.tld}`
              : '',
          phoneNumber: phone(),
          mobilePhoneNumber: rnd() < 0.7 ? phone() : '',
          territoryCode: co.territory,
          salespersonCode: salesperson,
          privacyBlocked: rnd() < 0.04,
        });
      }
    }
    return { seeded: true, companyId: company.id, ...counts };
  });
}
