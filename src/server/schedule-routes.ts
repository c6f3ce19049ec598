import { scheduleAnswer } from './sync/answer-schemas.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_SETTINGS } from '../core/records.js';
import { SYNC_API, requireAccess } from './auth/access.js';
import type { FacadeContext } from './context.js';
import { refusalsAnswerErrorBody } from './error-schema.js';
import { userOf } from './context.js';
import type { Scheduler } from './scheduler.js';

/** `GET /sync/v1/schedule`: the pane's status header shows the next scheduled run. */
export const scheduleRoutes: FastifyPluginAsyncTypebox<{
  ctx: FacadeContext;
  scheduler: () => Scheduler | null;
}> = async (app, { ctx, scheduler }) => {
  requireAccess(app, ctx, SYNC_API);
  refusalsAnswerErrorBody(app);
  app.get(
    '/schedule',
    {
      schema: {
        tags: ['runs'],
        summary: "Whether runs are scheduled, and the caller's next one",
        response: { 200: scheduleAnswer },
      },
    },
    async (request) => {
      const user = await userOf(ctx, request);
      const s = scheduler();
      // The interval GET /settings answers (the defaults until the user saves): one source for the
      // settings field and the header (issue 14 F5). The scheduler runs only saved settings: `saved`.
      const stored = await ctx.stateStore.getSettings(user.userId);
      return {
        enabled: s !== null,
        scheduleMinutes: (stored ?? DEFAULT_SETTINGS).scheduleMinutes,
        saved: stored !== null,
        nextRunAt: s ? await s.nextRunAt(user.userId) : null,
      };
    },
  );
};
