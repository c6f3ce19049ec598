// Browser-safe exports only; StoreBcContacts (./store-bc-contacts.js) is server-side (it reaches the database).
export { HttpBcContacts } from './http-bc-contacts.js';
