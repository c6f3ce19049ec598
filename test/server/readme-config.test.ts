import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { ENV_VARIABLES, loadConfig } from '../../src/server/config.js';

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
    expect(r.errors).toEqual([
      'PORT=abc: expected a port number 0–65535.',
      'DATABASE_URL=nope: not a valid URL.',
      'ENTRA_TENANT_ID is required with AUTH_MODE=entra.',
      'ENTRA_API_AUDIENCE is required with AUTH_MODE=entra.',
      'Upstream BC needs all of BC_TENANT_ID, BC_ENVIRONMENT, BC_CLIENT_ID, BC_CLIENT_SECRET; missing BC_ENVIRONMENT, BC_CLIENT_ID, BC_CLIENT_SECRET.',
      'LOG_LEVEL=loud: expected one of fatal, error, warn, info, debug, trace, silent.',
      'HTTPS=maybe: expected 1 or 0.',
    ]);
  });
});
