import { describe, expect, test } from '@jest/globals';
import { devTokens } from '../../src/taskpane/auth/tokens.js';

describe('dev tokens', () => {
  test('one request per audience, shared by concurrent callers, then cached', async () => {
    const urls: string[] = [];
    const fetchFn = (async (url: string) => {
      urls.push(url);
      return Response.json({ access_token: `t${urls.length}`, expires_in: 3600 });
    }) as unknown as typeof fetch;
    const tokens = devTokens('https://h', 'ann@contoso.com', fetchFn);
    const got = await Promise.all([tokens.facade(), tokens.facade(), tokens.graph()]);
    expect(got).toEqual(['t1', 't1', 't2']);
    expect(await tokens.facade()).toBe('t1');
    expect(urls).toEqual([
      'https://h/dev/token?user=ann%40contoso.com&audience=facade',
      'https://h/dev/token?user=ann%40contoso.com&audience=graph',
    ]);
  });

  test('a failure is not cached', async () => {
    let n = 0;
    const fetchFn = (async () =>
      ++n === 1
        ? new Response('no', { status: 400 })
        : Response.json({ access_token: 'ok' })) as unknown as typeof fetch;
    const tokens = devTokens('https://h', 'bad', fetchFn);
    await expect(tokens.facade()).rejects.toThrow('The dev token issuer answered 400 for bad.');
    await expect(tokens.facade()).resolves.toBe('ok');
  });
});
