import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';

/**
 * How route schemas validate and serialize (issue 10 §3, tester F23). Fastify's defaults (`removeAdditional:
 * true`, `coerceTypes: 'array'` for every part) silently dropped unknown body properties — a
 * mistyped `"dryrun": true` ran a real sync — and turned `"dryRun": "true"`, `1` or `[true]` into
 * `true`. Here a schema's `additionalProperties: false` refuses (400 naming the property), and a
 * JSON body must carry the types its schema names. The URL's query options and path parameters are
 * text by nature and are still coerced (`?limit=5` is the integer 5). Union types (`['string',
 * 'array']`) stay allowed: with them Ajv leaves a value alone that has one of the types.
 * Same compiler and Ajv as Fastify's own (@fastify/ajv-compiler), two option sets.
 */
export function installValidation(app: FastifyInstance): void {
  const factory = AjvCompiler();
  const common = { allowUnionTypes: true, removeAdditional: false } as const;
  const body = factory({}, { customOptions: { ...common, coerceTypes: false } });
  const url = factory({}, { customOptions: { ...common, coerceTypes: 'array' } });
  const compile: FastifySchemaCompiler<unknown> = (route) =>
    (route.httpPart === 'body' ? body : url)(route as Parameters<typeof body>[0]);
  app.setValidatorCompiler(compile);
  // Response schemas describe answers (the OpenAPI document, handler types); they never reshape
  // them. Fastify's default serializer (fast-json-stringify) drops every property its schema lacks
  // and coerces values to the declared type: a skip reason's `reasons` array went out as the text
  // "[object Object],…" (test/server/state-limits, caught by test/support/serialized-answers).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
