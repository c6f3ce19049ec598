import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/**
 * The app as a FastifyPluginAsyncTypebox plugin receives it: each route's params, query, body and
 * answers are typed from its TypeBox schemas, so a route states its types once, in the schema.
 * Route helpers that are handed the app (not registered as plugins) take this type.
 */
export type TypeBoxApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
