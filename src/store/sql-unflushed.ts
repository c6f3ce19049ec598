/**
 * A statement whose transaction commits without waiting for the database's write-ahead log to reach
 * the disk (`synchronous_commit` off for that transaction alone): a CTE, referenced by
 * UNFLUSHED_USE, as one that no part of the statement reads is not run. Issue 12 §2: a run's end
 * is the one store round trip after its last Graph answer, and the flush was most of it (a commit's
 * fsync: 3 ms median and 6–8 ms at p90 on the bench's loaded machine, against 0.2 ms without).
 *
 * Only for a write after which its caller depends on nothing of it being on disk, whose loss is
 * the loss of its caller's process just before it:
 * - a run's end (the cursor, the links of its last writes, its record, its lease let go): the run
 *   does nothing outside the database after it; lost, the state is that of a run whose process
 *   died after its last write answered — the cursor unmoved, those links and the settled pending
 *   creates not stored, the lease left to expire — which every run already recovers from (the next
 *   run reads the same changes, finds its pending creates again by BC id);
 * - the lease a run's opening takes (openRun; the one round trip before a delta's first Graph
 *   read): held — no other owner takes it — at once, and on disk with the run's first record save,
 *   which locks the lease's row (so its commit follows the lease's in the log) and waits for the
 *   disk: the run sends no BC or Graph write before that save answered (core/run.ts
 *   `leaseOnDisk`). Lost in a crash before it, the save finds no lease and the run stops, having
 *   only read;
 * - the record's checkpoints after that first save (core/run.ts `checkpoint`: before each write
 *   call, F114, and with the lease's renewals; RecordCommit `unflushed`): what they carry — how far
 *   the run got, its counts, the writes sent without an answer, the folder — is for the user, and
 *   no check of the next run reads it (an Outlook create is found again by its pending-create
 *   record, flushed; every other write through the changes read again from the unmoved cursor).
 *   Lost, the record says less than the run did: the state is still checked as after the death
 *   of a run's process during its writes.
 * Nothing is trusted less (availability is: an end lost so brings back its lease row naming its
 * holder, which, alive on this machine, keeps it LIVE_HOLDER_GRACE_MS past its expiry — after a
 * crash of the database only; a release on its own stays flushed for that reason): the commit is
 * visible to every session at once, and lost only when the database server itself crashes before
 * the WAL writer flushes it (within wal_writer_delay) or any later commit that waits for the disk —
 * any session's, which flushes the log up to its own place, so no one can durably act on what such
 * a commit wrote (a lease taken after the release, a run reading on from the cursor) without making
 * it durable first. Writes that go before an effect outside the database stay flushed: a lease
 * taken by acquireLease, the run's first record save (its lease on disk), the pending creates
 * (before their create goes out), a group's links before the next group's writes
 * (test/store/end-commit-unflushed.test.ts lists them).
 */
export const UNFLUSHED = `unflushed AS (SELECT set_config('synchronous_commit', 'off', true) AS mode)`;
/**
 * The select-list item that runs UNFLUSHED. Never in a statement run inside a caller's transaction:
 * `set_config(…, true)` holds until that transaction ends, so its earlier writes would not wait for
 * the disk either (the store runs these statements on their own; the test reads the mode so).
 */
export const UNFLUSHED_USE = '(SELECT mode FROM unflushed) AS commit_mode';
