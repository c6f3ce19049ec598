import type { FacadeConfig } from '../config.js';
import type { FacadeContext } from '../context.js';
import type { BcSource } from './bc-source.js';
import { StoreBcSource } from './bc-source.js';
import { UpstreamBcSource, upstreamApiRoot } from './upstream-source.js';
import { clientCredentialsToken } from './upstream-token.js';

/**
 * Where app-only tokens come from: with AUTH_MODE=entra, the authority host tokens are verified
 * against (ENTRA_AUTHORITY_HOST: a sovereign cloud, a stand-in in tests); else the public cloud.
 */
export function authorityOf(config: FacadeConfig): { authority?: string } {
  return config.auth.mode === 'entra' ? { authority: config.auth.authority } : {};
}

/**
 * The facade's store, or the configured upstream tenant (BC_* variables) with client credentials
 * for https://api.businesscentral.dynamics.com/.default. `io.fetch` replaces global fetch for the
 * token endpoint and the tenant (tests map stand-in hosts to loopback).
 */
export function defaultBcSource(ctx: FacadeContext, io: { readonly fetch?: typeof fetch } = {}): BcSource {
  const up = ctx.config.upstreamBc;
  if (!up) return new StoreBcSource(ctx.db, ctx.clock);
  return new UpstreamBcSource({
    apiRoot: upstreamApiRoot(up.baseUrl, up.tenantId, up.environment),
    getToken: clientCredentialsToken({
      tenantId: up.tenantId,
      clientId: up.clientId,
      clientSecret: up.clientSecret,
      timeoutMs: ctx.config.timeouts.tokenMs,
      ...authorityOf(ctx.config),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    }),
    clock: ctx.clock,
    timeoutMs: ctx.config.timeouts.bcMs,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
}
