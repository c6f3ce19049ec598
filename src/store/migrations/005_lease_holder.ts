/**
 * Who holds a lease (issue 9 §4): the machine and process id of an in-process holder, so a lease
 * whose process died on this machine (SIGKILL, crash) is taken over at once instead of blocking
 * the user's folder until it expires. Null for holders the store cannot see (the pane over HTTP).
 */
export const migration005 = `
ALTER TABLE sync_leases ADD COLUMN holder_host text;
ALTER TABLE sync_leases ADD COLUMN holder_pid integer;
`;
