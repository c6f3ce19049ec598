/** The contact fields the sync keeps equal on both sides, by their BC API v2.0 names (design §3). */
export const SYNC_FIELDS = [
  'displayName',
  'firstName',
  'middleName',
  'surname',
  'initials',
  'jobTitle',
  'companyName',
  'email',
  'email2',
  'phoneNumber',
  'mobilePhoneNumber',
  'faxNumber',
  'website',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'country',
] as const;

export type SyncFieldName = (typeof SYNC_FIELDS)[number];
