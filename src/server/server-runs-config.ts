import type { FacadeConfig } from './config.js';

/**
 * Why this configuration can run no server-side sync (schedule, CLI) at all, in one line naming
 * what to set; null when it can. Server-side runs reach the mailbox with app-only Graph access: the
 * dev issuer's tokens in dev mode, else the GRAPH_* client credentials (config.ts refuses a partial
 * group at start, so here either all three are set or none is). One rule for the run environment
 * (embedded/environment.ts, which records the refusal as a failed run) and for the CLI, which
 * refuses before it starts anything (F118: exit 2 at once, not exit 1 after the store migrated).
 */
export function serverRunsConfigProblem(config: FacadeConfig): string | null {
  if (config.auth.mode === 'dev' || config.graphApp !== null) return null;
  return 'Server-side runs (schedule, CLI) need Graph app access: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (see README).';
}
