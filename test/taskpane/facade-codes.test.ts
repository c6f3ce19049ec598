import { describe, expect, test } from '@jest/globals';
import { SyncApiError } from '../../src/sync-client/sync-api-call.js';
import { FACADE_CODES, OWN_CODES } from '../../src/taskpane/api/facade-codes.js';
import type { FacadeCode, OwnCode } from '../../src/taskpane/api/facade-codes.js';
import { failureOf } from '../../src/taskpane/api/failure.js';
import { ApiError } from '../../src/taskpane/api/http.js';
import { LANGS } from '../../src/messages/langs.js';
import { failureText } from '../../src/taskpane/services.js';
import { paneWords } from '../messages/catalogs.js';
import { sentCodes } from '../support/sent-codes.js';

// Issue 8 leftover / issue 14 item 1: every refusal the facade can send reaches the pane as its code
// and is worded from it (or from the reason its details carry as data) — never the server's English.

/** The server's English, which must never reach the user. */
const RAW = 'RAW-SERVER-ENGLISH';

/**
 * Codes whose value the server computes: each expression, and why the pane needs no entry for it.
 * A new computed code fails the scan below until it is listed here (or made a literal).
 */
const COMPUTED: Readonly<Record<string, string>> = {
  // upstream-api.ts: BC's own code passed through (BC's codes, or Upstream_Http<status>): by status.
  'shownInput(text(err.code)) || `Upstream_Http${res.status}`': 'upstream BC code, worded by status',
  code: 'upstream-api.ts token refusal (Upstream_TokenRefused | Upstream_TokenUnavailable, listed)',
  NO_MEMBERSHIP_CODE: 'run-refusals.ts: Authorization_NoCompanyMembership (an exported constant, listed)',
  'refusal.code': 'http-error.ts: the code of a refusal built above (listed where built)',
  // http-guard.ts frameworkRefusal: its literals and FRAMEWORK_CODES (scanned), or the status's own
  // name (statusName): worded by status.
  'framework.code': 'http-guard.ts frameworkRefusal',
  // upstream-api.ts upstreamWalk: a tenant's paging refused (platform/page-walk.ts codes), 502.
  'r.code': 'upstream paging refused (PageLinkForeign | PageLinkRepeated | PagesExceeded), worded by status',
};

/** A reason each own code may carry as data, as the server sends it (and what the words must say). */
const WITH_REASON: Partial<Record<OwnCode, { details: unknown[]; says: RegExp }>> = {
  BadRequest_DuplicateProperty: {
    details: [
      {
        target: 'body',
        message: RAW,
        reason: { kind: 'duplicateProperty', property: 'folderName', propertyLength: 10, at: '/folderName' },
      },
    ],
    says: /folderName/,
  },
  ConflictNotFound: {
    details: [{ target: 'conflict', message: RAW, reason: { kind: 'conflictNotFound', bcId: 'b-77' } }],
    says: /b-77/,
  },
  ContactMissing: {
    details: [
      { target: 'conflict', message: RAW, reason: { kind: 'contactMissing', side: 'bc', id: 'b-9' } },
    ],
    says: /b-9/,
  },
  InvalidChoice: {
    details: [
      {
        target: 'conflict',
        message: RAW,
        reason: { kind: 'invalidChoice', problem: 'notInConflict', fields: ['jobTitle'] },
      },
    ],
    says: /\S/,
  },
  InvalidForBusinessCentral: {
    details: [
      {
        target: 'conflict',
        message: RAW,
        reason: { kind: 'invalidForBc', reasons: [{ kind: 'tooLong', field: 'city', max: 30 }] },
      },
    ],
    says: /30/,
  },
  Stale: {
    details: [{ target: 'conflict', message: RAW, reason: { kind: 'stale', side: 'outlook' } }],
    says: /Outlook/,
  },
  WriteFailed: {
    details: [
      {
        target: 'conflict',
        message: RAW,
        reason: { kind: 'writeFailed', side: 'bc', message: 'HTTP 503', error: 'unavailable' },
      },
    ],
    says: /Business Central/,
  },
  InvalidSettings: {
    details: [
      {
        target: 'scheduleMinutes',
        message: RAW,
        reason: { kind: 'scheduleRange', target: 'scheduleMinutes', min: 5, max: 43200 },
      },
    ],
    says: /43[ ,.\u00a0\u202f]?200/,
  },
  InvalidFilter: {
    details: [
      {
        target: 'filter.city',
        message: RAW,
        reason: { kind: 'tooLong', max: 30 },
      },
    ],
    says: /30/,
  },
  BadRequest_InvalidValue: {
    details: [{ target: 'email', message: RAW, reason: { kind: 'tooLong', max: 80 } }],
    says: /80/,
  },
  ScopeFull: {
    details: [
      {
        target: 'body',
        message: RAW,
        reason: { kind: 'scopeFull', list: 'links', max: 100000 },
      },
    ],
    says: /100[ ,.\u00a0\u202f]?000/,
  },
  StateConflict: {
    details: [
      {
        target: 'body',
        message: RAW,
        reason: { kind: 'outlookIdTaken', outlookId: 'AAMk-42' },
      },
    ],
    says: /AAMk-42/,
  },
};

/** Codes whose words are a reason's: without one they are "refused", naming the code. */
const NEED_REASON: readonly OwnCode[] = [
  'ScopeFull',
  'InvalidSettings',
  'InvalidFilter',
  'BadRequest_InvalidValue',
  'StateConflict',
];

describe('every refusal code the facade sends is in the pane table', () => {
  const { codes, computed } = sentCodes();

  test('the scan finds the codes (it can fail)', () => {
    expect(codes.size).toBeGreaterThan(40);
    for (const c of ['RunNotActive', 'CreateTurnBusy', 'RequestEntityTooLarge', 'Upstream_Timeout'])
      expect(codes).toContain(c);
  });

  test.each([...codes].sort())('%s is listed', (code) => {
    expect(Object.keys(FACADE_CODES)).toContain(code);
  });

  test('each computed code expression is accounted for', () => {
    for (const expr of computed) expect(Object.keys(COMPUTED)).toContain(expr);
    // …and the list holds nothing the sources no longer compute.
    expect(Object.keys(COMPUTED).filter((expr) => !computed.has(expr))).toEqual([]);
  });

  test('the table lists no code the server does not send', () => {
    const extra = Object.keys(FACADE_CODES).filter((c) => !codes.has(c));
    // The membership code is an exported constant another module imports (NO_MEMBERSHIP_CODE).
    expect(extra).toEqual(['Authorization_NoCompanyMembership']);
  });
});

describe('each code is worded by the pane in six languages, never with the server English', () => {
  const cases = (Object.keys(FACADE_CODES) as FacadeCode[]).flatMap((code) =>
    LANGS.map((lang) => [code, lang] as const),
  );
  test.each(cases)('%s in %s', (code, lang) => {
    const status = FACADE_CODES[code] === 'busy' ? 429 : FACADE_CODES[code] === 'signIn' ? 401 : 400;
    const withReason = WITH_REASON[code as OwnCode];
    const e = new ApiError(status, code, RAW, (withReason?.details ?? []) as never);
    const failure = failureOf(e);
    expect(failure.kind).toBe(FACADE_CODES[code] === 'own' ? 'refusal' : FACADE_CODES[code]);
    const text = failureText(paneWords(lang) as never, e, 'rita@contoso.com');
    expect(text).not.toContain(RAW);
    expect(text).not.toMatch(/\{\w+\}/);
    expect(text.length).toBeGreaterThan(20);
    if (withReason) expect(text).toMatch(withReason.says);
  });

  test.each(OWN_CODES.flatMap((code) => LANGS.map((lang) => [code, lang] as const)))(
    'own code %s in %s has words of its own (not the generic refusal)',
    (code, lang) => {
      const words = paneWords(lang);
      const generic = words.t('failure_refused', { detail: `HTTP 400 ${code}` });
      const e = new ApiError(400, code, RAW, (WITH_REASON[code]?.details ?? []) as never);
      expect(failureText(words as never, e, 'u')).not.toBe(generic);
    },
  );

  test.each(NEED_REASON)('%s without its reason is a refusal naming the code', (code) => {
    const text = failureText(paneWords('en') as never, new ApiError(400, code, RAW), 'u');
    expect(text).toBe(`The server refused this (${code}). If it keeps happening, tell your administrator.`);
  });
});

describe('examples', () => {
  test('cancelling a run that already ended: "already ended", not the server line', () => {
    const e = new ApiError(409, 'RunNotActive', 'Run 42 has already ended.');
    expect(failureText(paneWords('en') as never, e, 'u')).toBe(
      'This sync has already ended; its result is in History.',
    );
  });

  test('the engine meets a taken Outlook id in the sync state: the refusal worded, in Finnish too', () => {
    const e = new SyncApiError(409, 'StateConflict', RAW, [
      { target: 'body', message: RAW, reason: { kind: 'outlookIdTaken', outlookId: 'AAMk-1' } } as never,
    ]);
    expect(failureOf(e)).toMatchObject({ kind: 'refusal', code: 'StateConflict' });
    expect(failureText(paneWords('en') as never, e, 'u')).toContain('AAMk-1');
    expect(failureText(paneWords('fi') as never, e, 'u')).toMatch(/^\S.*AAMk-1.*Synkronoi uudelleen/);
  });

  test('a schedule of 3 minutes refused by the server names the field and the rule', () => {
    const e = new ApiError(400, 'InvalidSettings', RAW, WITH_REASON.InvalidSettings?.details as never);
    expect(failureText(paneWords('en') as never, e, 'u')).toMatch(
      /^The settings were not saved: .+: .*5.*43,200.*Correct them in Settings\.$/,
    );
  });
});
