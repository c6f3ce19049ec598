import { describe, expect, test } from '@jest/globals';
import { OFFICE_JS_CDN, officeHostHint, officeJsLoad } from '../../src/taskpane/office/office-js-source.js';
import type { HintSource } from '../../src/taskpane/office/office-js-source.js';

const LOCAL = '/office-js/office.js';
const plain: HintSource = { location: { search: '' }, name: '', sessionStorage: { getItem: () => null } };
const fn = () => 'Outlook$Win32$16.02$en-US$$$$0';

/** Every host hint Office.js reads (dist/office.js), each alone on an otherwise plain page. */
const HINTS: ReadonlyArray<readonly [string, HintSource]> = [
  ['window.external.GetHostInfo', { ...plain, external: { GetHostInfo: fn } }],
  ['agaveHost.GetHostInfo', { ...plain, agaveHost: { GetHostInfo: fn } }],
  ['_host_Info', { ...plain, location: { search: '?_host_Info=Outlook$Web$16.01$en-US$$$$0' } }],
  ['_host_Info', { ...plain, location: { search: '?et=&_host_Info=Outlook$Mac$16.00$en-US' } }],
  ['window.name', { ...plain, name: JSON.stringify({ hostInfo: 'Outlook|Web|16.01|en-US' }) }],
  [
    'sessionStorage',
    { ...plain, sessionStorage: { getItem: (k) => (k === 'hostInfoValue' ? 'Outlook$Web$16.01' : null) } },
  ],
  ['window.external.GetContext', { ...plain, external: { GetContext: () => ({}) } }],
  [
    'webkit.messageHandlers.Agave',
    { ...plain, webkit: { messageHandlers: { Agave: { postMessage: () => undefined } } } },
  ],
];

describe('Office.js source: CDN inside an Office host, local copy outside', () => {
  test.each(HINTS)('the %s hint means an Office host, so the CDN copy, parser-blocking', (name, source) => {
    expect(officeHostHint(source)).toBe(name);
    const cdn = { kind: 'blocking', url: OFFICE_JS_CDN };
    expect(officeJsLoad(source, LOCAL, 'local')).toEqual(cdn);
    // The pane, which skips Office.js outside a host, still gets it inside one.
    expect(officeJsLoad(source, LOCAL, 'none')).toEqual(cdn);
  });

  test('a plain browser page gets the local copy without blocking, or none where it asks for none', () => {
    expect(officeHostHint(plain)).toBeNull();
    expect(officeJsLoad(plain, LOCAL, 'local')).toEqual({ kind: 'async', url: LOCAL });
    expect(officeJsLoad(plain, LOCAL, 'none')).toBeNull();
  });

  test.each<readonly [string, HintSource]>([
    ['an empty _host_Info', { ...plain, location: { search: '?_host_Info=' } }],
    ['a similar parameter', { ...plain, location: { search: '?my_host_Info=x' } }],
    ['window.name that is not JSON', { ...plain, name: 'hostInfo' }],
    ['window.name JSON without hostInfo', { ...plain, name: '{"other":1}' }],
    [
      "Chromium's own window.external (no Office methods)",
      { ...plain, external: { AddSearchProvider: () => undefined } },
    ],
    ['webkit without the Agave handler', { ...plain, webkit: { messageHandlers: {} } }],
    [
      'blocked sessionStorage',
      {
        ...plain,
        sessionStorage: {
          getItem: () => {
            throw new Error('SecurityError');
          },
        },
      },
    ],
  ])('no hint from %s', (_name, source) => {
    expect(officeHostHint(source)).toBeNull();
  });
});
