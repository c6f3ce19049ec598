/** Who is calling the facade, from a verified bearer token (never from the request body). */
export type Identity =
  | {
      readonly kind: 'user';
      /** The key of the user's settings, links and runs: the UPN, lower case. */
      readonly userId: string;
      readonly oid: string;
      readonly upn: string;
      readonly name: string;
    }
  | { readonly kind: 'app'; readonly appId: string; readonly roles: readonly string[] };

export function userKey(upn: string): string {
  return upn.trim().toLowerCase();
}
