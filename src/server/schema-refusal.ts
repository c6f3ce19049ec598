import type { FastifySchemaValidationError } from 'fastify';
import type { SchemaReason } from '../core/schema-reason.js';

type Params = Readonly<Record<string, unknown>>;
const limit =
  (kind: 'tooLong' | 'tooShort' | 'tooMany' | 'tooFew' | 'tooLarge' | 'tooSmall') => (p: Params) =>
    ({ kind, limit: Number(p.limit) }) as const;

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
  required: (p) => ({ kind: 'required', property: String(p.missingProperty) }),
  additionalProperties: (p) => ({ kind: 'unknownProperty', property: String(p.additionalProperty) }),
  propertyNames: (p) => ({ kind: 'unknownProperty', property: String(p.propertyName) }),
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
 */
export function schemaRefusal(context: string, v: FastifySchemaValidationError): SchemaRefusalDetail {
  const at = `${context}${v.instancePath || ''}`;
  const reason = REASON_OF_KEYWORD[v.keyword]?.(v.params) ?? { kind: 'invalid' };
  if (reason.kind === 'unknownProperty')
    return {
      target: `${at}/${reason.property}`,
      message: `'${reason.property}' is not a property of ${at}`,
      reason,
    };
  return { target: at, message: v.message ?? 'is not valid', reason };
}
