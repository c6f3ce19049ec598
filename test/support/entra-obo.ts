/**
 * The Entra stand-in's on-behalf-of grant (entra-standin.ts), as the Microsoft identity platform
 * documents the OBO token request: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`,
 * `requested_token_use=on_behalf_of`, `assertion` (the access token the middle tier received: its
 * audience must be the client making the request), `scope`, and the client's credentials. Only
 * user tokens are exchanged (an app-only assertion is refused: apps use client credentials), only
 * delegated permissions are issued (`scp`, never `roles`), and the new token carries the same user.
 */
import { jwtVerify } from 'jose';
import type { JWTPayload, KeyObject } from 'jose';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Entra's error answer: OAuth `error`, `AADSTSnnnn: …` and its number. */
export type EntraRefusal = { status: number; error: string; aadsts: string; text: string };

export interface OboDeps {
  readonly tenant: string;
  readonly form: URLSearchParams;
  /** The apps' API audiences (client id, application ID URI) and delegated grants per resource. */
  readonly app: {
    readonly clientId: string;
    readonly apiAudiences?: readonly string[];
    readonly delegated?: Readonly<Record<string, readonly string[]>>;
  };
  /** The v2.0 issuer of user tokens for this tenant (what the pane's token carries). */
  readonly userIssuer: string;
  readonly publicKey: KeyObject | CryptoKey;
  /** Entra's time: an assertion whose exp is before it is refused (AADSTS500133). */
  readonly currentDate?: Date;
}

/**
 * Checks an OBO request; returns the claims and resource of the token to issue, or Entra's refusal.
 * `resourceOf` names the resource of a scope (`{resource}/.default` or `{resource}/{permission}`).
 */
export async function onBehalfOf(
  deps: OboDeps,
): Promise<{ resource: string; claims: JWTPayload; assertionExp: number } | EntraRefusal> {
  const { form, app } = deps;
  if (form.get('requested_token_use') !== 'on_behalf_of')
    return refusal(400, 'invalid_request', '900144', "The request body must contain 'requested_token_use'.");
  const assertion = form.get('assertion') ?? '';
  if (assertion === '')
    return refusal(400, 'invalid_request', '900144', "The request body must contain 'assertion'.");
  let user: JWTPayload;
  try {
    ({ payload: user } = await jwtVerify(assertion, deps.publicKey, {
      issuer: deps.userIssuer,
      algorithms: ['RS256'],
      ...(deps.currentDate ? { currentDate: deps.currentDate } : {}),
    }));
  } catch (e) {
    const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
    return expired
      ? refusal(400, 'invalid_grant', '500133', 'Assertion is not within its valid time range.')
      : refusal(400, 'invalid_grant', '50013', 'Assertion failed signature validation.');
  }
  const audiences = app.apiAudiences ?? [app.clientId];
  const aud = Array.isArray(user.aud) ? user.aud : [user.aud ?? ''];
  if (!aud.some((a) => audiences.includes(a)))
    return refusal(
      400,
      'invalid_grant',
      '50013',
      'Assertion audience does not match the Client app presenting the assertion.',
    );
  if (typeof user.scp !== 'string' || typeof user.oid !== 'string')
    return refusal(
      400,
      'invalid_grant',
      '50013',
      'The assertion is an app-only token: the on-behalf-of flow works for user principals only.',
    );
  const scope = (form.get('scope') ?? '').split(' ').find((s) => s.startsWith('https://')) ?? '';
  const at = scope.lastIndexOf('/');
  const resource = scope.slice(0, at);
  const asked = scope.slice(at + 1);
  const granted = app.delegated?.[resource] ?? [];
  const scp = asked === '.default' ? granted : granted.filter((p) => p === asked);
  if (scp.length === 0)
    return refusal(
      400,
      'invalid_grant',
      '65001',
      `The user or administrator has not consented to use the application with ID '${app.clientId}' for ${scope}.`,
    );
  return {
    resource,
    assertionExp: typeof user.exp === 'number' ? user.exp : 0,
    claims: {
      scp: scp.join(' '),
      oid: user.oid,
      tid: deps.tenant,
      upn: user.preferred_username ?? user.upn,
      name: user.name,
      appid: app.clientId,
      azp: app.clientId,
      idtyp: 'user',
    },
  };
}

function refusal(status: number, error: string, aadsts: string, text: string): EntraRefusal {
  return { status, error, aadsts, text };
}
