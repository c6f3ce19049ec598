import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler, RouteOptions } from 'fastify';

/**
 * The facade's own APIs (sync, admin, the CLI's): what they do not read is refused, never dropped
 * (README "Limits", fresh-eyes pass). validation.ts makes a schema's `additionalProperties: false`
 * refuse; this closes what a route leaves unsaid:
 * - a query string: a route without a querystring schema takes none, and an object schema that
 *   does not say `additionalProperties` is closed (`?$top=5` on GET …/members was ignored);
 * - a body: a route without a body schema takes none; a JSON object with a property (PUT
 *   …/members/{user} with `{"role":"admin"}` was answered 201 as if it were empty) or anything but
 *   an object is refused, as Ajv refuses an unknown property. `{}` and no body pass (clients send
 *   them on every call).
 * The BC API refuses unknown `$` options and body properties itself (OData: a custom query option
 * without `$` is the client's), the Graph emulator as Graph does; both lie outside `prefixes`.
 */
export function installClosedInputs(app: FastifyInstance, prefixes: readonly string[]): void {
  app.addHook('onRoute', (route) => {
    if (!prefixes.some((p) => route.url.startsWith(p))) return;
    const schema = { ...route.schema };
    schema.querystring = closedQuery(schema.querystring);
    route.schema = schema;
    if (schema.body === undefined && takesBody(route))
      route.preValidation = [...[route.preValidation ?? []].flat(), refuseAnyBody];
  });
}

const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false } as const;

function closedQuery(given: unknown): unknown {
  if (given === undefined) return NO_QUERY;
  const s = given as Record<string, unknown>;
  // A query schema is an object of options; one that leaves the rest unsaid is closed here.
  return s.additionalProperties === undefined ? { ...s, additionalProperties: false } : s;
}

function takesBody(route: RouteOptions): boolean {
  return [route.method].flat().some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH' || m === 'DELETE');
}

/** Ajv's error for the first thing a route without a body schema cannot take, as validation answers it. */
const refuseAnyBody: preValidationAsyncHookHandler = async (request: FastifyRequest) => {
  const body: unknown = request.body;
  if (body === undefined || body === null) return;
  const isObject = typeof body === 'object' && !Array.isArray(body);
  const first = isObject ? Object.keys(body).at(0) : undefined;
  if (isObject && first === undefined) return;
  const v =
    first !== undefined
      ? {
          keyword: 'additionalProperties',
          instancePath: '',
          schemaPath: '#/additionalProperties',
          params: { additionalProperty: first },
          message: 'must NOT have additional properties',
        }
      : {
          keyword: 'type',
          instancePath: '',
          schemaPath: '#/type',
          params: { type: 'null' },
          message: 'must be empty: this route takes no body',
        };
  throw Object.assign(new Error(`body ${v.message}`), {
    statusCode: 400,
    validation: [v],
    validationContext: 'body',
  });
};
