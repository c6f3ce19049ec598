/**
 * The names of the statements on a sync run's critical path, prepared once per connection
 * (Db.query's `name`): its opening (the one store round trip before a delta's first Graph read),
 * its record's saves (the checkpoint is the one round trip between a delta's plan and its first
 * write) and its end (the one round trip after its last write). Issue 12: parsing and planning
 * these long statements was 1-2 ms of each round trip at the median on the bench's loaded
 * machine (openRun 2.7 -> 0.3-1.8 ms, endRun 0.5-2.4 -> 0.2 ms prepared). Each name is always
 * used with one text: a save's flushed and unflushed forms differ, so they are named apart.
 */
export const RUN_STATEMENTS = {
  open: 'run_open',
  saveFlushed: 'run_save_fenced',
  saveUnflushed: 'run_save_fenced_unflushed',
  end: 'run_end',
  endWithLinks: 'run_end_links',
  /** The ends that keep the lease while the run's writes may land (sql-run-end-lease.ts). */
  endKept: 'run_end_kept',
  endWithLinksKept: 'run_end_links_kept',
} as const;
