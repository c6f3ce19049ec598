// Browser-safe exports only; StoreBcContacts (./store-bc-contacts.js) is server-side (it reaches the database).
export { BcApiError } from './bc-api-error.js';
export { HttpBcContacts, DEFAULT_RETRY, toBcContact } from './http-bc-contacts.js';
export type { HttpBcContactsOptions, RetryPolicy } from './http-bc-contacts.js';
