import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.js';
import * as A from './answer-schemas.js';
import { fenceQuery, runIdParams, runRecordSchema, stateRunsQuery, userQuery } from './schemas.js';
import type { SyncServices } from './services.js';
import { stampRunTimes, writerOf } from './state-helpers.js';
import { stateWriter } from './state-admission.js';
import type { TypeBoxApp } from '../typebox-app.js';

/**
 * The run record routes of the sync state API (`/state/runs*`): the pane's engine saves its run's
 * record (fenced by its lease) and reads its runs back (state.ts registers them with the other state
 * routes). `userOf(request, claimed)` answers the token's user, 403 when `claimed` is another's.
 */
export function addRunRecordRoutes(
  app: TypeBoxApp,
  svc: SyncServices,
  tags: string[],
  userOf: (request: FastifyRequest, claimed: string) => Promise<string>,
): void {
  const s = svc.store;
  app.put(
    '/runs/:id',
    {
      schema: {
        tags,
        params: runIdParams,
        querystring: fenceQuery,
        body: runRecordSchema,
        response: A.noContent,
      },
    },
    async (request, reply) => {
      await userOf(request, request.body.userId);
      await stateWriter(svc, request);
      if (request.body.id !== request.params.id)
        throw new HttpError(
          400,
          'BadRequest',
          `The record's id ${request.body.id} is not the id in the path.`,
        );
      const stored = await s.getRun(request.body.userId, request.body.id);
      const w = await writerOf(svc, request, request.query);
      await w.saveRun(stampRunTimes(request.body, stored, svc.ctx.clock.now()));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/runs/:id',
    { schema: { tags, params: runIdParams, querystring: userQuery, response: { 200: A.stateRunAnswer } } },
    async (request) => ({
      run: await s.getRun(await userOf(request, request.query.userId), request.params.id),
    }),
  );
  app.get(
    '/runs',
    {
      schema: {
        tags,
        querystring: stateRunsQuery,
        response: { 200: A.stateRunsAnswer },
      },
    },
    async (request) => ({
      runs: await s.listRuns(await userOf(request, request.query.userId), request.query.limit ?? 20),
    }),
  );
}
