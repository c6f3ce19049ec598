import { NO_MEMBERSHIP_SERVICE_CODE } from '../../core/port-errors.js';
/**
 * Why the facade cannot run a user's sync at all (before any run starts), as data: the edge (HTTP
 * body, CLI line) words it. Issue 9 §6: every known refusal is a typed answer on every route.
 */
export type RunEnvironmentReason =
  /** Server-side runs against real Graph need client credentials (GRAPH_* variables). */
  | 'graphAppMissing'
  /** No company to sync with: none in the store or the tenant. */
  | 'noCompany'
  /** The user is a member of none of the facade's companies (issue 10 §2): 403, not 503. */
  | 'noCompanyMembership'
  /** The facade is stopping (SIGINT/SIGTERM): it starts no run any more. */
  | 'shuttingDown';

export class RunEnvironmentError extends Error {
  override readonly name = 'RunEnvironmentError';
  constructor(
    readonly reason: RunEnvironmentReason,
    message: string,
  ) {
    super(message);
  }

  /** The refusal is a run error code of its own (records.ts), should one end a run. */
  runFailure(): { code: RunEnvironmentReason } {
    return { code: this.reason };
  }
}

/** The HTTP error code of the `noCompanyMembership` refusal (403), which the CLI turns into exit 2. */
export const NO_MEMBERSHIP_CODE = NO_MEMBERSHIP_SERVICE_CODE;
