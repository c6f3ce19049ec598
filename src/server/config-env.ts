import envSchema from 'env-schema';
import { CONFIG_SCHEMA, CONFIG_VARIABLES, URL_FORMATS, variableSchema } from './config-schema.js';
import type { ConfigEnv, ConfigVariable } from './config-schema.js';

// The environment's first check: each variable against its schema (config-schema.ts). The rules
// that tie variables together are config.ts's.

/** Whether `value` parses as a URL with one of `protocols` (e.g. 'https:'). */
function urlWith(protocols: readonly string[]): (value: string) => boolean {
  return (value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
}

/**
 * A variable's value as an error line may show it: a password in a URL's user part (DATABASE_URL)
 * is replaced by ***, so a refused configuration never prints a secret.
 */
export function shownValue(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * The environment checked against CONFIG_SCHEMA by env-schema (ajv, every error at once): the
 * variables with defaults filled in and numbers as numbers, or one line per bad variable, saying
 * what it was and what was expected. An empty variable counts as unset.
 */
export function validateEnv(env: NodeJS.ProcessEnv): { env: ConfigEnv; errors: Map<ConfigVariable, string> } {
  const given = Object.fromEntries(
    CONFIG_VARIABLES.flatMap((name) =>
      env[name] === undefined || env[name] === '' ? [] : [[name, env[name]]],
    ),
  );
  const errors = new Map<ConfigVariable, string>();
  try {
    return {
      env: envSchema<ConfigEnv>({
        schema: structuredClone(CONFIG_SCHEMA),
        data: given,
        env: false,
        ajv: {
          customOptions: (ajv) =>
            ajv
              .addKeyword({ keyword: 'expected', schemaType: 'string' })
              .addKeyword({ keyword: 'defaultText', schemaType: 'string' })
              .addFormat(URL_FORMATS.service, urlWith(['http:', 'https:']))
              .addFormat(URL_FORMATS.postgres, urlWith(['postgres:', 'postgresql:'])),
        },
      }),
      errors,
    };
  } catch (e) {
    const failures = (e as { errors?: { instancePath: string }[] }).errors;
    if (!failures) throw e;
    for (const f of failures) {
      // Every variable is optional or has a default: a failure is always one variable's value.
      const name = f.instancePath.slice(1) as ConfigVariable;
      const expected = variableSchema(name)?.expected ?? 'not a valid value.';
      errors.set(name, `${name}=${shownValue(String(given[name]))}: ${expected}`);
    }
    return { env: { ...defaultsOf(), ...given } as unknown as ConfigEnv, errors };
  }
}

/** Every variable's default (what an invalid one falls back to while the others are checked). */
function defaultsOf(): Partial<Record<ConfigVariable, unknown>> {
  return Object.fromEntries(
    CONFIG_VARIABLES.flatMap((n) => {
      const d = variableSchema(n).default as unknown;
      return d === undefined ? [] : [[n, d]];
    }),
  );
}
