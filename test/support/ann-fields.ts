import { emptySyncFields } from '../../src/core/model.js';
import type { SyncFields } from '../../src/core/model.js';

/** One BC contact with a value in each of its usual fields, as the sync reads it (mapping tests). */
export const ANN_FIELDS: SyncFields = {
  ...emptySyncFields(),
  displayName: 'Ann Lee',
  firstName: 'Ann',
  surname: 'Lee',
  email: 'ann@contoso.com',
  email2: 'ann@home.example',
  phoneNumber: '+1 1',
  mobilePhoneNumber: '+1 2',
  faxNumber: '+1 3',
  website: 'https://contoso.com',
  addressLine1: '1 Main St',
  addressLine2: 'Suite 5',
  city: 'Seattle',
  state: 'WA',
  postalCode: '98101',
  country: 'US',
};
