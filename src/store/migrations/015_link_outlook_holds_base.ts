/**
 * Issue 12 §2: a link remembers that the Outlook contact at its changeKey held its base (our own
 * write's answer, or a read found it so), so a delta writes BC's change to a contact it did not
 * report without reading it first (core/delta-reads.ts). NULL: not known (links stored before, or
 * made without seeing the contact), read it.
 */
export const migration015 = `
ALTER TABLE sync_links ADD COLUMN outlook_holds_base boolean;
`;
