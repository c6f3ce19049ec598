import { describe, expect, test } from '@jest/globals';
import { listenRefusal } from '../../src/cli/listen-refusal.js';

/* helper newuser: a port another process holds is a configuration refusal naming PORT. */

describe('a failed listen says which variable to change', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    [
      'EADDRINUSE',
      { address: '127.0.0.1', port: 3917 },
      /^PORT 3917: another process already listens on 127\.0\.0\.1:3917; .*set PORT to a free port \(PORT=3001 npm start\)$/,
    ],
    ['EACCES', { address: '0.0.0.0', port: 80 }, /^PORT 80: .*set PORT to 1024 or above$/],
    [
      'EADDRNOTAVAIL',
      { address: '10.9.9.9', port: 3000 },
      /^HOST 10\.9\.9\.9: .*set HOST to one it has \(127\.0\.0\.1\)$/,
    ],
  ])('%s', (code, where, line) => {
    const e = Object.assign(new Error(`listen ${code}`), { code, syscall: 'listen', ...where });
    expect(listenRefusal(e)?.problems).toEqual([expect.stringMatching(line)]);
  });

  test('other errors are not configuration refusals', () => {
    expect(
      listenRefusal(Object.assign(new Error('x'), { code: 'EADDRINUSE', syscall: 'connect' })),
    ).toBeNull();
    expect(
      listenRefusal(Object.assign(new Error('x'), { code: 'ECONNRESET', syscall: 'listen' })),
    ).toBeNull();
    expect(listenRefusal('EADDRINUSE')).toBeNull();
  });
});
