import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RunRecord } from '../../core/records.js';
import { HttpError } from '../http-error.js';
import * as A from './answer-schemas.js';
import { fenceQuery, runIdParams, runRecordSchema, userQuery } from './schemas.js';
import type { SyncServices } from './services.js';
import { stampRunTimes, writerOf } from './state-helpers.js';
import type { FenceQuery } from './state-helpers.js';
import { stateWriter } from './state-admission.js';

type UserQ = { Querystring: { userId: string } };

/**
 * The run record routes of the sync state API (`/state/runs*`): the pane's engine saves its run's
 * record (fenced by its lease) and reads its runs back (state.ts registers them with the other state
 * routes). `userOf(request, claimed)` answers the token's user, 403 when `claimed` is another's.
 */
export function addRunRecordRoutes(
  app: FastifyInstance,
  svc: SyncServices,
  tags: string[],
  userOf: (request: FastifyRequest, claimed: string) => Promise<string>,
): void {
  const s = svc.store;
  app.put<{ Params: { id: string }; Querystring: FenceQuery; Body: RunRecord }>(
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
      return reply.status(204).send();
    },
  );
  app.get<UserQ & { Params: { id: string } }>(
    '/runs/:id',
    { schema: { tags, params: runIdParams, querystring: userQuery, response: { 200: A.stateRunAnswer } } },
    async (request) => ({
      run: await s.getRun(await userOf(request, request.query.userId), request.params.id),
    }),
  );
  app.get<{ Querystring: { userId: string; limit?: number } }>(
    '/runs',
    {
      schema: {
        tags,
        querystring: {
          ...userQuery,
          properties: {
            ...userQuery.properties,
            limit: { type: 'integer', minimum: 0, maximum: 1000, default: 20 },
          },
        },
        response: { 200: A.stateRunsAnswer },
      },
    },
    async (request) => ({
      runs: await s.listRuns(await userOf(request, request.query.userId), request.query.limit ?? 20),
    }),
  );
}
