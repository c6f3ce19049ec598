import { describe, expect, test } from '@jest/globals';
import { OFFICE_JS_CDN, officeHostHint, officeJsUrl } from '../../src/taskpane/office/office-js-source.js';
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
  test.each(HINTS)('the %s hint means an Office host, so the CDN copy', (name, source) => {
    expect(officeHostHint(source)).toBe(name);
    expect(officeJsUrl(source, LOCAL)).toBe(OFFICE_JS_CDN);
  });

  test('a plain browser page gets the local copy', () => {
    expect(officeHostHint(plain)).toBeNull();
    expect(officeJsUrl(plain, LOCAL)).toBe(LOCAL);
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
