import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Identity } from './auth/identity.js';
import type { FacadeContext } from './context.js';
import { identityOf } from './context.js';
import { BadInput } from '../platform/bad-input.js';

/**
 * Liveness and readiness probes: an orchestrator's, from one address (behind a proxy, every
 * client's). Counted, a busy hour would fail the probe and restart a healthy facade (tester F100).
 */
const PROBES = new Set(['/healthz', '/readyz']);

/** The window both limits count in. */
const WINDOW_MS = 60_000;

type Checker = ReturnType<FastifyInstance['createRateLimit']>;

/** Whom a verified token speaks for, as a rate-limit key. */
function principalKey(identity: Identity): string {
  return identity.kind === 'user' ? `user:${identity.userId}` : `app:${identity.appId}`;
}

async function charge(
  check: Checker,
  request: FastifyRequest,
  reply: FastifyReply,
  who: string,
  max: number,
) {
  const verdict = await check(request);
  // `isAllowed` means allow-listed; the count is over the limit only when `isExceeded`.
  if (verdict.isAllowed || !verdict.isExceeded) return;
  const seconds = Math.max(1, verdict.ttlInSeconds);
  void reply.header('retry-after', String(seconds));
  // BadInput (a statusCode error): the facade's and the embedded Graph emulator's error handlers
  // both answer it as a 429 in their own shape.
  throw new BadInput(
    429,
    'TooManyRequests',
    `Too many requests from this ${who}: at most ${max} a minute. Retry after ${seconds} s.`,
  );
}

/**
 * Per client IP (before anything is read or verified) and per signed-in principal (after its token
 * is verified; one user on many addresses shares one budget) with @fastify/rate-limit (issue 10 §3).
 * Over either limit: 429 with Retry-After and the shared error body. Limits: FacadeConfig.rateLimit.
 * Requests without a valid token only count against their IP; the route then answers 401.
 */
export async function installRateLimits(app: FastifyInstance, ctx: FacadeContext): Promise<void> {
  const { userPerMinute, ipPerMinute } = ctx.config.rateLimit;
  await app.register(rateLimit, { global: false });
  if (ipPerMinute > 0) {
    const perIp = app.createRateLimit({
      max: ipPerMinute,
      timeWindow: WINDOW_MS,
      keyGenerator: (request) => `ip:${request.ip}`,
    });
    app.addHook('onRequest', async (request, reply) => {
      if (PROBES.has(request.routeOptions.url ?? '')) return;
      await charge(perIp, request, reply, 'address', ipPerMinute);
    });
  }
  if (userPerMinute > 0) {
    const keys = new WeakMap<FastifyRequest, string>();
    const perUser = app.createRateLimit({
      max: userPerMinute,
      timeWindow: WINDOW_MS,
      keyGenerator: (request) => keys.get(request) ?? 'anonymous',
    });
    // Before the body is read (F91): a user over the limit costs no parsing.
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization === undefined) return;
      const identity = await identityOf(ctx, request).catch(() => null);
      if (identity === null) return;
      keys.set(request, principalKey(identity));
      await charge(perUser, request, reply, identity.kind === 'user' ? 'user' : 'app', userPerMinute);
    });
  }
}
