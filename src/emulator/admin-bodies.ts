/**
 * The bodies the emulator's admin routes take (PUT /_emulator/config, POST /_emulator/token), as
 * TypeBox schemas checked before anything is applied. Unchecked, `{"faults":{"script":5}}` was
 * half-applied and every Graph call then answered 500 until a valid PUT; a string for `throttling`
 * was taken with 200 (attack 2026-12-07 fault 3). A body that does not fit is refused 400 with the
 * first misfit's JSON Pointer, and nothing of it is applied.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { shownInput } from '../platform/shown-input.js';
import { GraphError } from './errors.js';

const closed = { additionalProperties: false } as const;
const count = (minimum: number) => Type.Integer({ minimum, maximum: Number.MAX_SAFE_INTEGER });
const seconds = Type.Number({ minimum: 0, maximum: 86_400 });
const FAULT_KIND = Type.Union(
  (['429', '503', '504', 'reset', 'lostResponse', 'closedUnanswered'] as const).map((k) => Type.Literal(k)),
);
const text = Type.String({ maxLength: 2_000 });

/** PUT /_emulator/config: any part of RuntimeConfig (options.ts), each given part whole and typed. */
export const CONFIG_PATCH = Type.Object(
  {
    throttling: Type.Optional(
      Type.Partial(
        Type.Object(
          {
            enabled: Type.Boolean(),
            quota: count(1),
            windowMs: count(1),
            concurrency: count(1),
            concurrencyRetryAfterSeconds: seconds,
          },
          closed,
        ),
      ),
    ),
    latency: Type.Optional(
      Type.Partial(
        Type.Object(
          {
            fixedMs: Type.Number({ minimum: 0, maximum: 600_000 }),
            jitterMs: Type.Number({ minimum: 0, maximum: 600_000 }),
          },
          closed,
        ),
      ),
    ),
    faults: Type.Optional(
      Type.Partial(
        Type.Object(
          {
            rate: Type.Number({ minimum: 0, maximum: 1 }),
            kinds: Type.Array(FAULT_KIND, { maxItems: 16 }),
            seed: Type.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
            retryAfterSeconds: seconds,
            script: Type.Array(
              Type.Object(
                {
                  match: Type.Optional(
                    Type.Object({ method: Type.Optional(text), urlContains: Type.Optional(text) }, closed),
                  ),
                  fault: FAULT_KIND,
                  times: Type.Optional(count(1)),
                },
                closed,
              ),
              { maxItems: 10_000 },
            ),
          },
          closed,
        ),
      ),
    ),
    delta: Type.Optional(
      Type.Partial(
        Type.Object({ maxGenerations: count(1), defaultPageSize: count(1), maxPageSize: count(1) }, closed),
      ),
    ),
    shuffleBatchResponses: Type.Optional(Type.Boolean()),
  },
  closed,
);

/** POST /_emulator/token: the claims of test-issuer.ts's TestTokenClaims. */
export const TOKEN_CLAIMS = Type.Object(
  {
    oid: Type.Optional(text),
    upn: Type.Optional(text),
    preferredUsername: Type.Optional(text),
    roles: Type.Optional(Type.Array(text, { maxItems: 100 })),
    scopes: Type.Optional(Type.Array(text, { maxItems: 100 })),
    appId: Type.Optional(text),
    expiresInSeconds: Type.Optional(
      Type.Union([Type.Integer({ minimum: -(10 ** 9), maximum: 10 ** 9 }), Type.Null()]),
    ),
    typ: Type.Optional(Type.Union([text, Type.Null()])),
    audience: Type.Optional(text),
    extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  closed,
);

/**
 * `body` as `schema` types it (an absent body is `{}`); else GraphError 400 `BadRequest` naming the
 * first misfit's JSON Pointer (shown through shownInput) and what the schema wanted there.
 */
export function adminBody<S extends TSchema>(schema: S, body: unknown, what: string): Static<S> {
  const value = body ?? {};
  if (Value.Check(schema, value)) return value;
  const first = Value.Errors(schema, value).First();
  const where = first?.path === undefined || first.path === '' ? '/' : shownInput(first.path);
  throw new GraphError(
    400,
    'BadRequest',
    `The ${what} body does not fit at '${where}': ${first?.message ?? 'unexpected value'}.`,
  );
}
