import type { FacadeContext } from '../context.js';
import type { BcSource } from './bc-source.js';
import { StoreBcSource } from './bc-source.js';
import { UpstreamBcSource, upstreamApiRoot } from './upstream-source.js';
import { clientCredentialsToken } from './upstream-token.js';

/** The facade's store, or the configured upstream tenant (BC_* variables) with client credentials. */
export function defaultBcSource(ctx: FacadeContext): BcSource {
  const up = ctx.config.upstreamBc;
  if (!up) return new StoreBcSource(ctx.db, ctx.clock);
  return new UpstreamBcSource({
    apiRoot: upstreamApiRoot(up.baseUrl, up.tenantId, up.environment),
    getToken: clientCredentialsToken({
      tenantId: up.tenantId,
      clientId: up.clientId,
      clientSecret: up.clientSecret,
      timeoutMs: ctx.config.timeouts.tokenMs,
    }),
    clock: ctx.clock,
    timeoutMs: ctx.config.timeouts.bcMs,
  });
}
