import type { BcContact } from '../../core/model.js';
import { ownTable } from '../../core/own-table.js';
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

const str = (writable = true): FieldInfo => ({ type: 'string', queryable: true, writable });

export const CONTACT_FIELDS: Readonly<Record<string, FieldInfo>> = ownTable({
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
});

export const CONTACT_ENTITY_TYPE = 'Microsoft.NAV.contact';

/** BC shows an empty date as 0001-01-01. */
const NO_DATE = '0001-01-01';

/** The wire shape of one contact (without the OData annotations). */
export type ApiContact = Record<string, string | boolean>;

export function contactToApi(c: BcContact): ApiContact {
  return {
    id: c.id,
    number: c.number,
    type: c.type,
    displayName: c.displayName,
    companyNumber: c.companyNumber,
    companyName: c.companyName,
    businessRelation: '',
    addressLine1: c.addressLine1,
    addressLine2: c.addressLine2,
    city: c.city,
    state: c.state,
    country: c.country,
    postalCode: c.postalCode,
    phoneNumber: c.phoneNumber,
    mobilePhoneNumber: c.mobilePhoneNumber,
    email: c.email,
    website: c.website,
    searchName: c.displayName.toUpperCase().slice(0, 100),
    privacyBlocked: c.privacyBlocked,
    lastInteractionDate: NO_DATE,
    lastModifiedDateTime: c.lastModifiedDateTime,
    firstName: c.firstName,
    middleName: c.middleName,
    surname: c.surname,
    initials: c.initials,
    jobTitle: c.jobTitle,
    email2: c.email2,
    faxNumber: c.faxNumber,
    territoryCode: c.territoryCode,
    salespersonCode: c.salespersonCode,
  };
}

/** BC API v2.0 `company`: the JSON order of companyToApi's answers. */
export const COMPANY_FIELDS: Readonly<Record<string, FieldInfo>> = ownTable({
  id: { type: 'guid', queryable: true, writable: false },
  systemVersion: { type: 'string', queryable: false, writable: false },
  name: { type: 'string', queryable: true, writable: false },
  displayName: { type: 'string', queryable: true, writable: false },
  businessProfileId: { type: 'string', queryable: false, writable: false },
  systemModifiedAt: { type: 'datetime', queryable: true, writable: false },
});

export function companyToApi(c: Company): Record<string, string> {
  return {
    id: c.id,
    systemVersion: '24.0.0.0',
    name: c.name,
    displayName: c.displayName,
    businessProfileId: c.businessProfileId,
    systemModifiedAt: c.lastModifiedDateTime,
  };
}

/** BC API v2.0 `countryRegion` (entity set `countriesRegions`, BC table 9 Country/Region). */
export const COUNTRY_REGION_FIELDS: Readonly<Record<string, FieldInfo>> = ownTable({
  id: { type: 'guid', queryable: false, writable: false },
  code: { type: 'string', queryable: false, writable: true },
  displayName: { type: 'string', queryable: false, writable: true },
  lastModifiedDateTime: { type: 'datetime', queryable: false, writable: false },
});

export function countryRegionToApi(c: CountryRegionRow): Record<string, string> {
  return { id: c.id, code: c.code, displayName: c.displayName, lastModifiedDateTime: c.lastModifiedDateTime };
}
