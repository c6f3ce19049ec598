/**
 * Broken invariants of core: only a bug (in a caller or in the decision table) can throw these,
 * never the data. Each is a code with parameters; a run that meets one records it as run error
 * `unexpected` with the code (run-errors.ts), and the edge words that.
 * - fullSyncNeedsSnapshots: `planSync` was given delta views for a full sync (`bc`, `outlook`: the view kinds);
 * - snapshotNeedsAllLinks: a side read in full came with an incomplete link set;
 * - noDecisionRow: no row of the decision table fits the pair (`linked`, `bc`, `outlook`: its facts);
 * - actionPairMismatch: a table action got a pair of another kind (`wanted`, `got`).
 */
export type CoreBugCode =
  'fullSyncNeedsSnapshots' | 'snapshotNeedsAllLinks' | 'noDecisionRow' | 'actionPairMismatch';

export class CoreBug extends Error {
  override readonly name = 'CoreBug';
  constructor(
    readonly code: CoreBugCode,
    readonly params: Readonly<Record<string, string>> = {},
  ) {
    super(code);
  }
}
