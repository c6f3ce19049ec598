import type { FacadeConfig } from '../config.js';
import type { FacadeContext } from '../context.js';
import type { BcSource } from './bc-source.js';
import { StoreBcSource } from './bc-source.js';
import { onBehalfOfTokens } from './on-behalf-of.js';
import { UpstreamBcSource, upstreamApiRoot } from './upstream-source.js';
import { clientCredentialsToken } from './upstream-token.js';

/**
 * The facade's store, or the configured upstream tenant (BC_* variables). App-only calls (the
 * scheduled and CLI runs' in-process API, admin routes) carry the facade's client-credentials token
 * for BC_SCOPE; with AUTH_MODE=entra, a signed-in user's calls carry an on-behalf-of token of that
 * user (BcSource.onBehalfOf), so BC applies their own permissions. Tokens come from
 * ENTRA_AUTHORITY_HOST in both auth modes. `io.fetch` replaces global fetch for the token
 * endpoint and the tenant (tests map stand-in hosts to loopback).
 */
export function defaultBcSource(ctx: FacadeContext, io: { readonly fetch?: typeof fetch } = {}): BcSource {
  const { config } = ctx;
  const up = config.upstreamBc;
  if (!up) return new StoreBcSource(ctx.db, ctx.clock);
  const common = {
    tenantId: up.tenantId,
    timeoutMs: config.timeouts.tokenMs,
    authority: config.authority,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  };
  return new UpstreamBcSource({
    apiRoot: upstreamApiRoot(up.baseUrl, up.tenantId, up.environment),
    getToken: clientCredentialsToken({
      ...common,
      clientId: up.clientId,
      clientSecret: up.clientSecret,
      scope: up.scope,
    }),
    // Held OBO tokens expire on the facade's clock (tests move it with the Entra stand-in's).
    onBehalfOf: delegatedClient(config, { ...common, now: () => Date.parse(ctx.clock.now()) }, up.scope),
    clock: ctx.clock,
    timeoutMs: config.timeouts.bcMs,
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(ctx.onBcAnswer ? { onAnswer: ctx.onBcAnswer } : {}),
  });
}

/** The OBO exchange as the facade API's registration (entra mode only: dev tokens cannot be exchanged). */
function delegatedClient(
  config: FacadeConfig,
  common: {
    tenantId: string;
    timeoutMs: number;
    authority: string;
    fetch?: typeof fetch;
    now: () => number;
  },
  scope: string,
) {
  if (config.auth.mode !== 'entra' || config.auth.client === null) return null;
  return onBehalfOfTokens({ ...common, ...config.auth.client, scope });
}
