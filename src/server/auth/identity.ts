/**
 * Who is calling the facade, from a verified bearer token (never from the request body).
 *
 * Users are keyed by the Entra tenant id and object id (`tid` + `oid`): both are immutable and
 * never reassigned, while a UPN (`preferred_username`, `upn`) can change and be given to someone
 * else — it is only shown (design §5, issue 10 §1).
 */
export type Identity =
  | {
      readonly kind: 'user';
      /** The key of the user's settings, links and runs: `userKeyOf(tenantId, oid)`. */
      readonly userId: string;
      readonly tenantId: string;
      readonly oid: string;
      /** Display only: can change and be reassigned. */
      readonly upn: string;
      readonly name: string;
      /** Delegated permissions the token carries (`scp`, space-separated in the token). */
      readonly scopes: readonly string[];
      /**
       * App roles assigned to the user (the `roles` claim of a delegated token, e.g.
       * `Memberships.Admin`); absent or empty: none.
       */
      readonly roles?: readonly string[];
      /**
       * The bearer token this identity was verified from, when it can be exchanged on the user's
       * behalf (Entra tokens: the on-behalf-of flow's assertion for upstream BC calls). Kept in
       * the process only; absent for dev and in-process tokens.
       */
      readonly assertion?: string;
    }
  | {
      readonly kind: 'app';
      readonly appId: string;
      readonly tenantId: string;
      /** Application permissions (app roles) the token carries. */
      readonly roles: readonly string[];
    };

export type UserIdentity = Extract<Identity, { kind: 'user' }>;

/** `<tid>:<oid>`, both lower case: the one user key every table and route uses. */
export function userKeyOf(tenantId: string, oid: string): string {
  return `${tenantId.trim().toLowerCase()}:${oid.trim().toLowerCase()}`;
}

const GUIDISH = /^[0-9a-z][0-9a-z-]{0,63}$/;

/** The tenant and object id of a user key, or null when the text is not one (a UPN, a legacy key). */
export function parseUserKey(key: string): { tenantId: string; oid: string } | null {
  const parts = key.split(':');
  if (parts.length !== 2) return null;
  const [tenantId, oid] = parts as [string, string];
  return GUIDISH.test(tenantId) && GUIDISH.test(oid) ? { tenantId, oid } : null;
}
