import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

/**
 * The answer bodies every API shares. The facade's one error body, as http-error.ts `errorBody` writes it for every refusal of every
 * API (BC API, sync API, admin API): OData / Graph style `{"error":{"code","message","details"?}}`.
 * Each detail names where (`target`), a default English `message` and, where the refusal has one,
 * its `reason` as data (`kind` plus parameters: schema-refusal.ts SchemaReason, a state store's
 * refusal, a filter's syntax error) for clients that word it themselves. Open objects: the
 * serializer never drops a field (a 409 RunInProgress also carries the active `run`, runs.ts).
 * The sync API's refusals also carry the refusal's own `reason` as data (issue 13 §2: a `kind`,
 * the code itself when there is no finer one, and the parameters of the message).
 */
const OPEN = { additionalProperties: true } as const;

const ErrorReason = Type.Object({ kind: Type.String() }, OPEN);

const ErrorDetail = Type.Object(
  { target: Type.String(), message: Type.String(), reason: Type.Optional(ErrorReason) },
  OPEN,
);

export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        reason: Type.Optional(ErrorReason),
        details: Type.Optional(Type.Array(ErrorDetail)),
      },
      OPEN,
    ),
  },
  { ...OPEN, description: 'A refusal: its code, English message and details (where, reason as data)' },
);

/** A 204 answer of any API (a delete, a stored write): no body. */
export const NoContent = Type.Null({ description: 'No body' });

/**
 * Declares ErrorBody as the 4xx answer of every route `app` registers from now on (its own and its
 * child plugins'), beside the route's own answers; a route that names its own '4xx' keeps it.
 */
export function refusalsAnswerErrorBody(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema ?? {};
    const response = (schema.response ?? {}) as Record<string, unknown>;
    route.schema = { ...schema, response: { '4xx': ErrorBody, ...response } };
  });
}
