import { emailForms } from '../core/model.js';
import { foldEmailCase } from '../pure/email-fold.js';
import type { BcContact } from '../core/model.js';
import { pooled } from '../core/text-pool.js';
import type { TextPool } from '../core/text-pool.js';

/** The BC API's JSON as the BC adapter reads it (browser-safe). */
export type Json = Record<string, unknown>;

/** OData query options as a query string ('' or `?…`), spaces as %20. */
export function query(options: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options)) if (v !== undefined && v !== '') params.set(k, v);
  const text = params.toString().replaceAll('+', '%20');
  return text === '' ? '' : `?${text}`;
}

export function values(json: Json): Json[] {
  return Array.isArray(json.value) ? (json.value as Json[]) : [];
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The facade's wire shape to the engine's model; a field a server leaves out reads as blank.
 * Written out as one literal, not `{ ...fields, id, … }`: a spread followed by more properties gave
 * each warm result its own hidden class (10,000 contacts, 10,000 classes: every read of them in the
 * planner megamorphic, 17–40 µs a conversion; issue 12 §2, test/bc/record-shapes.test.ts).
 */
export function toBcContact(j: Json, pool?: TextPool): BcContact {
  // `pool`: the values colleagues share (company, address, web site, title) as one string per read.
  return {
    displayName: str(j.displayName),
    firstName: str(j.firstName),
    middleName: str(j.middleName),
    surname: str(j.surname),
    initials: str(j.initials),
    jobTitle: pooled(pool, str(j.jobTitle)),
    companyName: pooled(pool, str(j.companyName)),
    email: str(j.email),
    email2: str(j.email2),
    phoneNumber: str(j.phoneNumber),
    mobilePhoneNumber: str(j.mobilePhoneNumber),
    faxNumber: str(j.faxNumber),
    website: pooled(pool, str(j.website)),
    addressLine1: pooled(pool, str(j.addressLine1)),
    addressLine2: pooled(pool, str(j.addressLine2)),
    city: pooled(pool, str(j.city)),
    state: pooled(pool, str(j.state)),
    postalCode: pooled(pool, str(j.postalCode)),
    country: pooled(pool, str(j.country)),
    id: str(j.id),
    number: str(j.number),
    type: j.type === 'Company' ? 'Company' : 'Person',
    companyNumber: pooled(pool, str(j.companyNumber)),
    territoryCode: str(j.territoryCode),
    salespersonCode: str(j.salespersonCode),
    privacyBlocked: j.privacyBlocked === true,
    lastModifiedDateTime: str(j.lastModifiedDateTime),
    etag: str(j['@odata.etag']),
  };
}

/** How many ids one `id eq … or …` filter carries (keeps URLs well under common limits). */
const IDS_PER_READ = 40;
/** Addresses per `email eq … or …` read (each sent in up to two forms). */
const EMAILS_PER_READ = 10;

/** `id eq … or …` filters over the ids that are GUIDs (BC's SystemId), IDS_PER_READ each. */
export function idFilters(ids: readonly string[]): string[] {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const out: string[] = [];
  for (let i = 0; i < valid.length; i += IDS_PER_READ)
    out.push(
      valid
        .slice(i, i + IDS_PER_READ)
        .map((id) => `id eq ${id}`)
        .join(' or '),
    );
  return out;
}

/**
 * `email eq …` filters, EMAILS_PER_READ addresses each, every address as typed, lower-cased and folded: the
 * facade compares e-mail case-insensitively, a tenant's API may not, and addresses are mostly
 * stored in one of those two forms (design §2: e-mail identity; the caller compares again).
 */
export function emailFilters(emails: readonly string[]): string[] {
  // As typed, and each domain in both its Unicode and ACE forms (F57); callers compare again.
  const wanted = [...new Set(emails.flatMap((e) => [e.trim(), ...emailForms(e)]).filter((e) => e !== ''))];
  const out: string[] = [];
  for (let i = 0; i < wanted.length; i += EMAILS_PER_READ) {
    // Also the engine's folded form (pure/email-fold.ts): the key the match compares, which differs
    // from toLowerCase for ΣΟΦΙΑΣ (σοφιασ), ı, ſ, µ; toLowerCase stays, as how lower case is typed.
    const forms = wanted
      .slice(i, i + EMAILS_PER_READ)
      .flatMap((e) => [...new Set([e, e.toLowerCase(), foldEmailCase(e)])]);
    out.push(forms.map((e) => `email eq '${e.replaceAll("'", "''")}'`).join(' or '));
  }
  return out;
}
