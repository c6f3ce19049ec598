import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { ENV_VARIABLES, loadConfig } from '../../src/server/config.js';
import { CONFIG_VARIABLES, variableSchema } from '../../src/server/config-schema.js';
import { readmeWithConfigTable } from '../../scripts/readme-config.js';

describe('configuration', () => {
  test('the README lists every environment variable the facade reads', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(ENV_VARIABLES))
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
  });

  test('defaults need no variable at all', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.config).toMatchObject({
        port: 3000,
        https: true,
        auth: { mode: 'dev' },
        seedDemo: true,
        scheduler: true,
      });
  });

  test('every bad variable is named with what was expected', () => {
    const r = loadConfig({
      PORT: 'abc',
      HTTPS: 'maybe',
      AUTH_MODE: 'entra',
      DATABASE_URL: 'nope',
      BC_TENANT_ID: 't',
      LOG_LEVEL: 'loud',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // In the schema's (the README table's) order since issue 13 §5; HTTPS came last before.
    expect(r.errors).toEqual([
      'PORT=abc: expected a port number 0–65535.',
      'HTTPS=maybe: expected 1 or 0.',
      'DATABASE_URL=nope: expected a PostgreSQL connection string, postgres://user:password@host:5432/database.',
      'ENTRA_TENANT_ID is required with AUTH_MODE=entra.',
      'ENTRA_API_AUDIENCE is required with AUTH_MODE=entra.',
      'Upstream BC needs all of BC_TENANT_ID, BC_ENVIRONMENT, BC_CLIENT_ID, BC_CLIENT_SECRET; missing BC_ENVIRONMENT, BC_CLIENT_ID, BC_CLIENT_SECRET.',
      'LOG_LEVEL=loud: expected one of fatal, error, warn, info, debug, trace, silent.',
    ]);
  });

  test('the README table is the one the schema makes (npm run readme:config)', async () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(await readmeWithConfigTable(readme)).toBe(readme);
  });

  test.each(CONFIG_VARIABLES.filter((name) => variableSchema(name).expected !== undefined))(
    '%s: a value that does not fit is one line, naming the variable, the value and what was expected',
    (name) => {
      const r = loadConfig({ [name]: '%bad%' });
      expect(r).toEqual({ ok: false, errors: [`${name}=%bad%: ${variableSchema(name).expected}`] });
    },
  );

  test('an empty variable counts as unset; flags take 1/true/yes/on and 0/false/no/off in any case', () => {
    const r = loadConfig({ PORT: '', HTTPS: 'Off', SCHEDULER: 'YES', PANE_BUILD: 'no', DATA_DIR: '' });
    expect(r.ok && [r.config.port, r.config.https, r.config.scheduler, r.config.buildPane]).toEqual([
      3000,
      false,
      true,
      false,
    ]);
    expect(r.ok && r.config.dataDir).toBe('./data');
  });
});
