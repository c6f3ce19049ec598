/**
 * Why the facade cannot run a user's sync at all (before any run starts), as data: the edge (HTTP
 * body, CLI line) words it. Issue 9 §6: every known refusal is a typed answer on every route.
 */
export type RunEnvironmentReason =
  /** Server-side runs against real Graph need client credentials (GRAPH_* variables). */
  | 'graphAppMissing'
  /** No company to sync with: none in the store, or (upstream) none the user is a member of. */
  | 'noCompany';

export class RunEnvironmentError extends Error {
  override readonly name = 'RunEnvironmentError';
  constructor(
    readonly reason: RunEnvironmentReason,
    message: string,
  ) {
    super(message);
  }
}
