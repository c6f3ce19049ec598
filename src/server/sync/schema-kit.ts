import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { STATE_REQUEST_LIMITS } from '../../core/state-limits.js';

/**
 * TypeBox schemas of the sync API bodies: Fastify validates requests with them (400 with what and
 * where) and @fastify/swagger turns them into the OpenAPI document. Every string has a maxLength and
 * every array a maxItems (issue 10 §3), so no body holds more than these shapes allow; the body's
 * byte size is bounded by the route's bodyLimit on top (README "Limits"). Answers have
 * theirs in answer-schemas.ts (test/support/serialized-answers.ts checks the serializer keeps all).
 */

/** The documented maxima, one place (README "Limits" lists them). */
export const SYNC_BODY_LIMITS = {
  /** An id: a BC GUID, a Graph id (about 150 characters), a run id, a skip key. */
  id: 500,
  /** A contact field's value, as either side holds it (BC's longest synced field has 100). */
  fieldValue: 4000,
  /** A message or a display name. */
  text: 4000,
  /** Ids in one list, links in one upsert, entries in one request (the client chunks to these). */
  ids: STATE_REQUEST_LIMITS.ids,
  links: STATE_REQUEST_LIMITS.links,
  entries: STATE_REQUEST_LIMITS.entries,
  /** Values in one array inside a skip reason (fields, ids). */
  reasonItems: 100,
} as const;

const L = SYNC_BODY_LIMITS;
export const Id = (min = 0) => Type.String({ minLength: min, maxLength: L.id });
export const Text = () => Type.String({ maxLength: L.text });
/**
 * A run id or a lease owner: text other hosts show (a refusal names the run holding the folder; the
 * CLI prints it at a terminal), so no C0/C1 control character (attack F3: an owner holding a newline
 * and an ANSI escape reached a colleague's terminal as is).
 */
export const ShownId = () =>
  Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$' });
export const Value = () => Type.String({ maxLength: L.fieldValue });
export const closed = { additionalProperties: false } as const;
/** One of `values`, typed as their union (a Literal union maps to `string` otherwise). */
export const oneOf = <const V extends readonly string[]>(values: V) =>
  Type.Unsafe<V[number]>(Type.Union(values.map((v) => Type.Literal(v))));
/**
 * `schema` as it is (the same JSON Schema, validated the same), its static type named: for the
 * shapes TypeBox cannot infer (a map whose keys are bounded by `propertyNames`, a keyword list).
 */
export const typed = <T>(schema: object) => Type.Unsafe<T>(schema);
export const count = () => Type.Integer({ minimum: 0 });
/**
 * Unions as JSON-schema type lists, not anyOf: Fastify's Ajv coerces types, and inside anyOf the
 * first branch would coerce (null became '', 50 became '50') before the right branch is tried.
 */
export const nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

/**
 * `T` as a schema's static type has it: no `readonly` (a JSON Schema does not say it), all the way
 * down, and a tagged union of objects as one object (the schemas bound the variants together: the
 * tag a union, each field required when every variant requires it, else optional).
 */
type Plain<T> = PlainDefined<Exclude<T, null | undefined>> | Extract<T, null | undefined>;
type PlainDefined<T> = [T] extends [readonly (infer U)[]]
  ? Plain<U>[]
  : [T] extends [object]
    ? true extends IsUnion<T>
      ? Flat<Merged<T>>
      : { -readonly [K in keyof T]: Plain<T[K]> }
    : T;
type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;
type KeysOf<U> = U extends unknown ? keyof U : never;
type ValueOf<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type NotRequiredIn<U, All> = U extends unknown ? Exclude<All, RequiredKeys<U>> : never;
type RequiredInAll<U> = Exclude<KeysOf<U>, NotRequiredIn<U, KeysOf<U>>>;
type Merged<U> = { [K in RequiredInAll<U>]: Plain<ValueOf<U, K>> } & {
  [K in Exclude<KeysOf<U>, RequiredInAll<U>>]?: Plain<ValueOf<U, K>>;
};
type Flat<T> = { [K in keyof T]: T[K] };
/** True when `A` and `B` are the same type once both are Plain. */
export type Same<A, B> =
  (<G>() => G extends Plain<A> ? 1 : 2) extends <G>() => G extends Plain<B> ? 1 : 2 ? true : false;

/**
 * `schema` typed as core's `T` (its home), compiling only while the schema's own static type is `T`
 * (`readonly` aside): a field core adds, renames, narrows to a union or makes required fails to
 * compile here until the schema says the same, so the two cannot drift (issue 13 §1).
 */
export const sameAsCore =
  <T>() =>
  <S extends TSchema>(schema: S, ..._mismatch: Same<Static<S>, T> extends true ? [] : [never]) =>
    Type.Unsafe<T>(schema);
