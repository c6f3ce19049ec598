/**
 * Issue 12 §2 (full sync with nothing changed at 50,000): the BC API lists a company's contacts
 * by `number` in code-point order, then id (bc-contact-reads.ts), but no index was in that order
 * (the unique (company_id, number) is in the database's collation), so every page — a `$skip` lane
 * of a whole read, or a keyset page — sorted all the company's live contacts first: 0.5–0.9 s of
 * PostgreSQL per page at 50,000 on a loaded machine, with the sort spilling to disk. In this index's
 * order a page reads its rows (after its offset, or its key) and stops.
 */
export const migration016 = `
CREATE INDEX bc_contacts_list_order ON bc_contacts (company_id, number COLLATE "C", id) WHERE deleted_at IS NULL;
`;
