import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FacadeContext } from './context.js';
import type { RunMetrics } from './observability.js';

/** Longest a readiness check may take before it counts as failed (ms). */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * `/readyz`: 200 when the store answers and every further check passes, else 503 naming what
 * failed (issue 12 §3); `/healthz` stays a liveness probe. `/metrics`: Prometheus text format.
 */
export const observabilityRoutes: FastifyPluginAsyncTypebox<{
  ctx: FacadeContext;
  metrics: RunMetrics;
  readiness: Readonly<Record<string, () => Promise<void>>>;
}> = async (app, { ctx, metrics, readiness }) => {
  const checks: Record<string, () => Promise<void>> = {
    store: async () => {
      await ctx.db.query('SELECT 1');
    },
    ...readiness,
  };
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await outcomeOf(check)] as const),
    );
    const ready = results.every(([, r]) => r === 'ok');
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
};

async function outcomeOf(check: () => Promise<void>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return 'ok';
  } catch (e) {
    return `failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}
