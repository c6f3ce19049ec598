/**
 * Facade storage for Business Central contacts (table `bc_contacts` of migration 001).
 * Deletes are tombstones (`deleted_at`): reads never see them, `contactChanges` reports them, so a
 * delta sync learns about deletions that BC's own API cannot show without track-changes.
 * Shapes and row mapping: bc-contact-rows.ts; reads: bc-contact-reads.ts; writes:
 * bc-contact-writes.ts; companies: bc-repository-companies.ts.
 */
export { getCompany, insertCompany, isUuid, listCompanies } from './bc-repository-companies.js';
export type { Company } from './bc-repository-companies.js';
export { CONTACT_COLUMNS } from './bc-contact-rows.js';
export type { ContactWrite, RepoError, RepoResult, SqlCondition } from './bc-contact-rows.js';
export { contactChanges, findContactsByEmails, getContact, listContacts } from './bc-contact-reads.js';
export {
  deleteContact,
  insertContact,
  insertContacts,
  keyedContactId,
  updateContact,
} from './bc-contact-writes.js';
export { updateContacts } from './bc-contact-updates.js';
