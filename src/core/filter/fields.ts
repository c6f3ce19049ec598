/* The filter's fields on their own: the pane's filter builder lists them without loading the
   evaluator (issue 12, F66: the pane's first load stays within 150 KB gzip). */

/** The contact fields a user can filter on, in the order conditions are evaluated and reported. */
export const FILTERABLE_FIELDS = [
  'name',
  'type',
  'companyName',
  'companyNumber',
  'city',
  'state',
  'postalCode',
  'country',
  'territoryCode',
  'salespersonCode',
  'jobTitle',
  'number',
  'email',
] as const;

export type FilterableField = (typeof FILTERABLE_FIELDS)[number];

/**
 * Where each filter field lives on a contact record and in the BC contacts API, which are the
 * same names. Only `name` differs: users know it as Name, the API calls it displayName.
 */
export const CONTACT_PROPERTY: Readonly<Record<FilterableField, string>> = {
  name: 'displayName',
  type: 'type',
  companyName: 'companyName',
  companyNumber: 'companyNumber',
  city: 'city',
  state: 'state',
  postalCode: 'postalCode',
  country: 'country',
  territoryCode: 'territoryCode',
  salespersonCode: 'salespersonCode',
  jobTitle: 'jobTitle',
  number: 'number',
  email: 'email',
};
