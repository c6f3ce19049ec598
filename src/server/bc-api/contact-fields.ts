import type { BcContact } from '../../core/model.js';
import { ownTable } from '../../core/own-table.js';
import { codeForm } from '../../core/code-form.js';
import type { Company } from '../../store/bc-repository.js';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';

/**
 * The facade's contact entity: BC API v2.0 `contact` (page 30071) plus the fields of design §3 that
 * BC's API lacks, plus territory and salesperson codes. Order here is the JSON order of responses.
 */
export type FieldType = 'string' | 'guid' | 'boolean' | 'datetime' | 'date';

export interface FieldInfo {
  readonly type: FieldType;
  /** Stored in a column: may appear in $filter and $orderby. */
  readonly queryable: boolean;
  /** Accepted in POST/PATCH bodies. */
  readonly writable: boolean;
}

const str = (writable = true) => ({ type: 'string', queryable: true, writable }) as const satisfies FieldInfo;

/**
 * A field table: a lookup for the names a client sends (any string: undefined when not a field),
 * whose type still names each field and its type, so the BC API's schemas (schemas.ts) derive the
 * entity's static type from it with every field name kept.
 */
export type FieldTable<T extends Readonly<Record<string, FieldInfo>>> = Readonly<Record<string, FieldInfo>> &
  Readonly<T>;

/** The wire shape of one entity (without the OData annotations). */
type ApiEntity = Record<string, string | boolean>;

/** An entity of the API: its fields, and the wire form of a row. */
interface Entity<T extends Readonly<Record<string, FieldInfo>>, R> {
  /** Its fields in JSON order, a lookup table for the names a client sends (own-table.ts). */
  readonly fields: FieldTable<T>;
  /**
   * The wire entity of `row`, its fields in the table's order; with `etag`, `@odata.etag` first
   * (built in one pass: copying a built entity behind the etag was most of a BC API page's CPU).
   */
  readonly toApi: (row: R, etag?: string) => ApiEntity;
}

/**
 * One home for how each entity (contact, company, countryRegion) is told and answered: its table
 * (the JSON order of answers) and `own`, the values of the fields a row does not hold or holds
 * under another name; every other field is the row's value of that name. A table field the row
 * lacks must be in `own` (the types see to it), so no answer ever leaves a field out.
 */
function entity<T extends Readonly<Record<string, FieldInfo>>, R extends object>(
  table: T,
  own: (
    row: R,
  ) => Readonly<Record<Exclude<NoInfer<keyof T & string>, keyof R>, string | boolean>> &
    Partial<Record<NoInfer<keyof T & string>, string | boolean>>,
): Entity<T, R> {
  type K = keyof T & string;
  const names = Object.keys(table) as K[];
  return {
    fields: ownTable(table),
    toApi(row, etag) {
      const values: Partial<Record<K, string | boolean>> = own(row);
      const answer: ApiEntity = etag === undefined ? {} : { '@odata.etag': etag };
      for (const name of names)
        answer[name] = Object.hasOwn(values, name)
          ? (values[name] as string | boolean)
          : (row as unknown as Record<K, string | boolean>)[name];
      return answer;
    },
  };
}

/** BC shows an empty date as 0001-01-01. */
const NO_DATE = '0001-01-01';

const CONTACT = entity(
  {
    id: { type: 'guid', queryable: true, writable: false },
    // PATCH may rename a BC contact; the facade keeps its own number series and refuses that.
    number: str(false),
    type: str(),
    displayName: str(),
    companyNumber: str(),
    companyName: str(),
    // Obsolete in BC (CLEAN19); always blank here.
    businessRelation: { type: 'string', queryable: false, writable: false },
    addressLine1: str(),
    addressLine2: str(),
    city: str(),
    state: str(),
    country: str(),
    postalCode: str(),
    phoneNumber: str(),
    mobilePhoneNumber: str(),
    email: str(),
    website: str(),
    // BC derives Search Name from Name.
    searchName: { type: 'string', queryable: false, writable: false },
    privacyBlocked: { type: 'boolean', queryable: true, writable: true },
    lastInteractionDate: { type: 'date', queryable: false, writable: false },
    lastModifiedDateTime: { type: 'datetime', queryable: true, writable: false },
    firstName: str(),
    middleName: str(),
    surname: str(),
    initials: str(),
    jobTitle: str(),
    email2: str(),
    faxNumber: str(),
    territoryCode: str(),
    salespersonCode: str(),
  },
  (c: BcContact) => ({
    businessRelation: '',
    searchName: searchNameOf(c.displayName),
    lastInteractionDate: NO_DATE,
  }),
);

export const CONTACT_FIELDS = CONTACT.fields;

type ContactApi = Record<keyof typeof CONTACT.fields & string, string | boolean>;

/**
 * The wire contact, `@odata.etag` first (as Entity.toApi): CONTACT.toApi as one literal in the
 * table's order (test/server/contact-to-api pins the order and values to the table's). A BC API page
 * maps 1,000 contacts, and the table's loop made an object of own values per contact and stored 30
 * properties by variable name, one by one (issue 12: a full read of 50,000 maps 51 pages; 1.7–1.8 ms
 * of CPU a page before, see 536f630 for after).
 */
export function contactToApi(c: BcContact, etag: string): Record<string, string | boolean> {
  // prettier-ignore
  return {
    '@odata.etag': etag,
    id: c.id, number: c.number, type: c.type, displayName: c.displayName, companyNumber: c.companyNumber,
    companyName: c.companyName, businessRelation: '', addressLine1: c.addressLine1, addressLine2: c.addressLine2,
    city: c.city, state: c.state, country: c.country, postalCode: c.postalCode, phoneNumber: c.phoneNumber,
    mobilePhoneNumber: c.mobilePhoneNumber, email: c.email, website: c.website,
    searchName: searchNameOf(c.displayName), privacyBlocked: c.privacyBlocked,
    lastInteractionDate: NO_DATE, lastModifiedDateTime: c.lastModifiedDateTime, firstName: c.firstName,
    middleName: c.middleName, surname: c.surname, initials: c.initials, jobTitle: c.jobTitle, email2: c.email2,
    faxNumber: c.faxNumber, territoryCode: c.territoryCode, salespersonCode: c.salespersonCode,
  } satisfies ContactApi & { '@odata.etag': string };
}

/**
 * The table's own mapping (the generic loop): what contactToApi must answer.
 * @internal exported for contact-to-api.test; the product uses contactToApi.
 */
export const contactToApiByTable = CONTACT.toApi;

export const CONTACT_ENTITY_TYPE = 'Microsoft.NAV.contact';

/** BC API v2.0 `company`. */
const COMPANY = entity(
  {
    id: { type: 'guid', queryable: true, writable: false },
    systemVersion: { type: 'string', queryable: false, writable: false },
    name: { type: 'string', queryable: true, writable: false },
    displayName: { type: 'string', queryable: true, writable: false },
    businessProfileId: { type: 'string', queryable: false, writable: false },
    systemModifiedAt: { type: 'datetime', queryable: true, writable: false },
  },
  (c: Company) => ({ systemVersion: '24.0.0.0', systemModifiedAt: c.lastModifiedDateTime }),
);

export const COMPANY_FIELDS = COMPANY.fields;
export const companyToApi = COMPANY.toApi;

/** BC API v2.0 `countryRegion` (entity set `countriesRegions`, BC table 9 Country/Region). */
const COUNTRY_REGION = entity(
  {
    id: { type: 'guid', queryable: false, writable: false },
    code: { type: 'string', queryable: false, writable: true },
    displayName: { type: 'string', queryable: false, writable: true },
    lastModifiedDateTime: { type: 'datetime', queryable: false, writable: false },
  },
  (_row: CountryRegionRow) => ({}),
);

export const COUNTRY_REGION_FIELDS = COUNTRY_REGION.fields;
export const countryRegionToApi = COUNTRY_REGION.toApi;

/**
 * BC's Search Name (Code[100]) of a Name (Text[100]): the Code form, BC's one-for-one upper case, so
 * "Straße" reads "STRAßE" as in BC and a name of 100 characters stays 100 (JavaScript's "SS" made it
 * longer, and the cut at 100 could split a surrogate pair).
 */
function searchNameOf(displayName: string): string {
  // Name is Text[100], so the cut is only for a longer name from elsewhere; it keeps a pair whole.
  const cut = codeForm(displayName).slice(0, 100);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
