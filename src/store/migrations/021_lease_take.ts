/**
 * Review RV11: a lease row names its take (SyncStateStore.acquireLease `take`), not only its
 * owner, so a release names the take it lets go of. An owner's takes of one key follow each other
 * (a run's create turn, group after group; the next run of the folder under the same turn owner):
 * a release sent again after its answer was lost, or landing late from another host, let go of
 * the owner's next take. NULL: a take that named none (a run's folder lease, one take per run);
 * a release without a take lets go of it as before.
 */
export const migration021 = `
ALTER TABLE sync_leases ADD COLUMN take text;
`;
