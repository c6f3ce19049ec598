import { describe, expect, test } from '@jest/globals';
import { emulatorFetch, graphRoot, readConfig } from '../../src/taskpane/config.js';

const page = { origin: 'http://localhost:3000', search: '?user=bo@contoso.com&lang=fi&engine=server' };

describe('pane config', () => {
  test('reads the query and defaults to the emulator without a client id', () => {
    const config = readConfig(page);
    expect(config).toMatchObject({ demoUser: 'bo@contoso.com', lang: 'fi', engine: 'server', clientId: '' });
    expect(graphRoot(config)).toBe('http://localhost:3000/graph/v1.0');
    expect(graphRoot({ ...config, clientId: 'app' })).toBe('https://graph.microsoft.com/v1.0');
  });

  test('emulator links of another origin go to this origin; real Graph is untouched', async () => {
    const seen: string[] = [];
    const fetchFn = (async (input: string) => {
      seen.push(input);
      return new Response('{}');
    }) as unknown as typeof fetch;
    const wrapped = emulatorFetch(readConfig(page), fetchFn);
    await wrapped?.(
      'http://facade.internal/graph/v1.0/users/x/contactFolders/f/contacts/delta?$deltatoken=a',
    );
    await wrapped?.('http://localhost:3000/graph/v1.0/me/contactFolders');
    expect(seen).toEqual([
      'http://localhost:3000/graph/v1.0/users/x/contactFolders/f/contacts/delta?$deltatoken=a',
      'http://localhost:3000/graph/v1.0/me/contactFolders',
    ]);
    expect(emulatorFetch({ ...readConfig(page), clientId: 'app' }, fetchFn)).toBeUndefined();
  });
});
