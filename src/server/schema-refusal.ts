import type { FastifySchemaValidationError } from 'fastify';
import type { SchemaReason } from '../core/schema-reason.js';
import { shownInput } from '../platform/shown-input.js';

type Params = Readonly<Record<string, unknown>>;
const limit =
  (kind: 'tooLong' | 'tooShort' | 'tooMany' | 'tooFew' | 'tooLarge' | 'tooSmall') => (p: Params) =>
    ({ kind, limit: Number(p.limit) }) as const;

const named = (kind: 'required' | 'unknownProperty', name: unknown) => {
  const property = String(name);
  return { kind, property, propertyLength: property.length } as const;
};

/**
 * Each Ajv keyword the facade's schemas use, as the reason it refuses with. The parameter names
 * are Ajv's (`error.params`, https://ajv.js.org/api.html#error-parameters). A keyword missing here
 * answers `invalid`; test/server/schema-refusal.test.ts fails when a route's schema uses one.
 * @internal
 */
export const REASON_OF_KEYWORD: Readonly<Record<string, (p: Params) => SchemaReason>> = {
  maxLength: limit('tooLong'),
  minLength: limit('tooShort'),
  maxItems: limit('tooMany'),
  minItems: limit('tooFew'),
  maxProperties: limit('tooMany'),
  minProperties: limit('tooFew'),
  maximum: limit('tooLarge'),
  exclusiveMaximum: limit('tooLarge'),
  minimum: limit('tooSmall'),
  exclusiveMinimum: limit('tooSmall'),
  required: (p) => named('required', p.missingProperty),
  additionalProperties: (p) => named('unknownProperty', p.additionalProperty),
  propertyNames: (p) => named('unknownProperty', p.propertyName),
  type: (p) => ({ kind: 'wrongType', expected: [p.type].flat().join(',') }),
  enum: (p) => ({ kind: 'notAllowed', allowed: (p.allowedValues as unknown[] | undefined) ?? [] }),
  const: (p) => ({ kind: 'notAllowed', allowed: [p.allowedValue] }),
  pattern: (p) => ({ kind: 'pattern', pattern: String(p.pattern) }),
  format: (p) => ({ kind: 'format', format: String(p.format) }),
  uniqueItems: () => ({ kind: 'duplicateItems' }),
  anyOf: () => ({ kind: 'invalid' }),
  oneOf: () => ({ kind: 'invalid' }),
};

/** One refusal detail: where (a JSON Pointer under the request part), Ajv's English, the reason. */
export interface SchemaRefusalDetail {
  readonly target: string;
  readonly message: string;
  readonly reason: SchemaReason;
}

/**
 * An Ajv error of request part `context` (body, querystring, params, headers) as a detail. An
 * unknown property is named in the target itself (`body/dryrun`: it is there, and wrong); a missing
 * one is named by the reason, the target being the object that lacks it (Ajv's instancePath).
 * Property names and the path come from the client: shown through shownInput (bounded, hidden
 * characters escaped; attack A3: a 250,000-character name made a 1.25 MB answer with a raw U+202E).
 */
export function schemaRefusal(context: string, v: FastifySchemaValidationError): SchemaRefusalDetail {
  const at = shownInput(`${context}${v.instancePath || ''}`);
  const found = REASON_OF_KEYWORD[v.keyword]?.(v.params) ?? { kind: 'invalid' };
  if (found.kind === 'unknownProperty' || found.kind === 'required') {
    const reason = {
      kind: found.kind,
      property: shownInput(found.property),
      propertyLength: found.property.length,
    };
    if (reason.kind === 'required') return { target: at, message: v.message ?? 'is not valid', reason };
    return {
      target: `${at}/${reason.property}`,
      message: `'${reason.property}' is not a property of ${at}`,
      reason,
    };
  }
  return { target: at, message: v.message ?? 'is not valid', reason: found };
}

/**
 * The sentence of a schema refusal from its first detail, as Fastify words it (`body/dryRun must
 * be boolean`) but from the shown target: Fastify's own message quotes the raw path.
 */
export function schemaRefusalMessage(details: readonly SchemaRefusalDetail[]): string {
  const first = details[0];
  if (!first) return 'The request is not valid';
  const said =
    first.reason.kind === 'unknownProperty'
      ? `${first.target}: ${first.message}`
      : `${first.target} ${first.message}`;
  return `The request is not valid: ${said}`;
}
