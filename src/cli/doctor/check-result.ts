import type { PlaceCheckId, PlaceFixParams } from '../../server/user-place.js';

// What one doctor check reports, as data (id, status, facts, a fix code with its values), and the
// constructors every check builds it with; report.ts turns it into words.

export type CheckId =
  | 'config'
  | 'issuer'
  | 'bc-token'
  | 'bc-companies'
  | 'graph-token'
  | 'graph-user'
  /** With --user, in every mode: the user, their company membership, mailbox and sync folder. */
  | PlaceCheckId;
/**
 * What each fix's words need (report.ts): a fix is its code with exactly these values, so no fix
 * can be given without them (tester F44: a missing value was printed as a literal "<url>").
 */
export interface FixParams extends PlaceFixParams {
  'config-invalid': { readonly errors: string };
  /** `variable`: where the tenant was set (ENTRA_TENANT_ID, BC_TENANT_ID or GRAPH_TENANT_ID). */
  'tenant-unknown': { readonly variable: string; readonly tenant: string };
  'issuer-mismatch': { readonly tenant: string; readonly issuer: string };
  'jwks-empty': Record<string, never>;
  /** `variable`: the secret's variable (BC_CLIENT_SECRET or GRAPH_CLIENT_SECRET). */
  'secret-invalid': { readonly variable: string; readonly clientId: string };
  /** `variable`: the client id's variable (BC_CLIENT_ID or GRAPH_CLIENT_ID). */
  'client-unknown': { readonly variable: string; readonly clientId: string; readonly tenant: string };
  'consent-missing': { readonly scope: string };
  'bc-app-not-registered': { readonly clientId: string; readonly environment: string };
  'bc-environment-unknown': { readonly environment: string };
  'graph-user-unknown': { readonly user: string };
}
export type FixCode = keyof FixParams;
/** One fix: its code and the values its words need. */
export type Fix = { [K in FixCode]: { readonly code: K; readonly params: FixParams[K] } }[FixCode];

export interface CheckResult {
  readonly id: CheckId;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Facts: what was asked and what came back (URLs, status codes, error codes, counts). */
  readonly detail: string;
  /** Failed checks only: what to do. */
  readonly fix?: Fix;
}

export const failed = (id: CheckId, detail: string, fix: Fix): CheckResult => ({
  id,
  status: 'failed',
  detail,
  fix,
});
export const fix = <K extends FixCode>(code: K, params: FixParams[K]) => ({ code, params }) as Fix;
export const skipped = (id: CheckId, detail: string): CheckResult => ({ id, status: 'skipped', detail });
export const passed = (id: CheckId, detail: string): CheckResult => ({ id, status: 'passed', detail });
export const unreachable = (id: CheckId, url: string, e: unknown): CheckResult =>
  failed(id, `${url}: ${(e as Error).message}`, fix('unreachable', { url }));
