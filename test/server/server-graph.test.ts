/**
 * Tester F35 (issue 11 §5): which Graph server-side runs use has one answer (serverGraph in
 * config.ts), and what the server mounts, what its runs call and what doctor says all come from it.
 * Before: in entra mode without GRAPH_BASE_URL, runs called the embedded emulator that entra mode
 * never mounts, doctor said "Graph embedded emulator" and the banner "off (GRAPH_BASE_URL is set)".
 */
import { describe, expect, test } from '@jest/globals';
import { runDoctor } from '../../src/cli/doctor/checks.js';
import { MICROSOFT_GRAPH, loadConfig, serverGraph } from '../../src/server/config.js';

const ENTRA = {
  AUTH_MODE: 'entra',
  ENTRA_TENANT_ID: '00000000-0000-0000-0000-000000000001',
  ENTRA_API_AUDIENCE: 'api://x',
};
const APP = { GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' };
const EMULATOR_PROCESS = 'http://127.0.0.1:3136/v1.0';

const ROWS = [
  { name: 'dev mode', env: {}, graph: { kind: 'emulator' }, said: 'Graph: embedded emulator' },
  {
    name: 'dev mode with GRAPH_BASE_URL',
    env: { GRAPH_BASE_URL: EMULATOR_PROCESS },
    graph: { kind: 'url', url: EMULATOR_PROCESS },
    said: `Graph ${EMULATOR_PROCESS}`,
  },
  {
    name: 'F35: entra mode without Graph settings',
    env: ENTRA,
    graph: { kind: 'url', url: MICROSOFT_GRAPH },
    said: `Graph ${MICROSOFT_GRAPH}`,
    skip: /server-side runs are refused \(graphAppMissing\)/,
  },
  {
    name: 'entra mode with app-only Graph access',
    env: { ...ENTRA, ...APP },
    graph: { kind: 'url', url: MICROSOFT_GRAPH },
    said: `Graph ${MICROSOFT_GRAPH}`,
  },
  {
    name: 'entra mode with GRAPH_BASE_URL',
    env: { ...ENTRA, GRAPH_BASE_URL: EMULATOR_PROCESS },
    graph: { kind: 'url', url: EMULATOR_PROCESS },
    said: `Graph ${EMULATOR_PROCESS}`,
  },
];

/** No network in this test: every call doctor makes is answered 503. */
const offline: typeof fetch = async () => new Response('{}', { status: 503 });

describe.each(ROWS)('$name', (row) => {
  test('serverGraph, and doctor says the same', async () => {
    const loaded = loadConfig(row.env);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(serverGraph(loaded.config)).toEqual(row.graph);
    const results = await runDoctor({ env: row.env, fetch: offline });
    const config = results.find((r) => r.id === 'config');
    expect(JSON.stringify(config)).toContain(row.said);
    if (row.skip) expect(JSON.stringify(results.find((r) => r.id === 'graph-token'))).toMatch(row.skip);
    if (row.graph.kind === 'url')
      expect(JSON.stringify(results)).not.toContain('server-side runs use the embedded emulator');
  });
});
