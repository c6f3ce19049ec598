/**
 * Issue 8 §1: a link remembers the Outlook-only e-mail addresses and business phones seen at the
 * last sync (core/owned-values.ts), so they are never read as a BC value. NULL for links stored
 * before: those read entries past BC's positions as Outlook's own.
 */
export const migration003 = `
ALTER TABLE sync_links ADD COLUMN outlook_own jsonb;
`;
