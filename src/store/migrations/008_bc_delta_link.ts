/**
 * Issue 11 §2: the BC side of a sync cursor is BC's delta link (change tracking), not a
 * lastModified watermark. A watermark is no link, so existing cursors lose it: the next run of each
 * folder reads BC in full once and saves a link (the Outlook delta link stays).
 */
export const migration008 = `
ALTER TABLE sync_cursors RENAME COLUMN bc_watermark TO bc_delta_link;
UPDATE sync_cursors SET bc_delta_link = NULL;
`;
