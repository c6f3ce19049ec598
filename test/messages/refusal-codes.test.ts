/**
 * Errors travel as data: a sync API refusal is its code and the parameters its words need (the
 * answer's `reason`), and its English `message` is made from the code's catalog entry, the same
 * entry every other language has (server/http-error.ts wordedRefusal). Was: hand-written English
 * ("Run r7 has already ended.") a client could only show as it was or not at all. The table goes
 * over every worded code in the six code catalogs; each entry's arguments are exactly the
 * parameters the answer carries. The scan of the sources (support/sent-codes.ts) holds the list
 * honest: every worded code is one the server sends, and every code it sends is worded by the pane
 * (test/taskpane/facade-codes.test.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { wordedRefusal } from '../../src/server/http-error.js';
import { catalogWords, describeRefusal } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { REFUSAL_CODES, refusalText } from '../../src/messages/refusal-words.js';
import type { RefusalCode, RefusalParams } from '../../src/messages/refusal-words.js';
import type { CodeCatalog } from '../../src/messages/catalogs/en.js';
import { CODE_CATALOGS } from './catalogs.js';
import { sentCodes } from '../support/sent-codes.js';

/** Every worded code with each shape of its parameters (a select's every branch). */
const SAMPLES: { readonly [C in RefusalCode]: readonly RefusalParams[C][] } = {
  RunNotFound: [{ runId: 'r-77' }],
  RunNotActive: [
    { runId: 'r-77', cause: 'ended' },
    { runId: 'r-77', cause: 'otherProcess' },
  ],
  PlanNotAvailable: [
    { runId: 'r-77', cause: 'notDryRun' },
    { runId: 'r-77', cause: 'stillPlanning' },
    { runId: 'r-77', cause: 'planGone' },
  ],
  CreateTurnBusy: [{}],
  SyncNotConfigured: [{}],
  TooManySyncFolders: [{ max: 12_000 }],
  RunCancelRequested: [{}],
  LeaseLost: [{}],
  BcWriteFailed: [
    {
      answered: 'yes',
      bcMessage: 'The field Name of table Contact contains a value (x) that cannot be found',
    },
    { answered: 'no', bcMessage: '' },
  ],
  Forbidden_OtherUser: [{}],
};
const CODES = REFUSAL_CODES;

/** The argument names a message uses, in any branch; `shown`: only those written as they are (not a select's code). */
function argsOf(ast: MessageFormatElement[], shown = false, out = new Set<string>()): Set<string> {
  for (const e of ast) {
    const named = e.type !== TYPE.literal && e.type !== TYPE.pound && e.type !== TYPE.tag;
    if (named && (!shown || e.type === TYPE.argument || e.type === TYPE.number)) out.add(e.value);
    if ('options' in e) for (const o of Object.values(e.options)) argsOf(o.value, shown, out);
    if (e.type === TYPE.tag) argsOf(e.children, shown, out);
  }
  return out;
}
const sorted = (s: Iterable<string>) => [...s].sort();

describe('every worded refusal code, in every language, with the parameters its answer carries', () => {
  test.each(CODES.flatMap((code) => LANGS.map((lang) => [code, lang] as const)))('%s in %s', (code, lang) => {
    const catalog = CODE_CATALOGS[lang] as CodeCatalog;
    const entry = catalog[`httpRefusal_${code}`];
    expect(typeof entry).toBe('string');
    const words = catalogWords(lang, catalog);
    for (const params of SAMPLES[code] as readonly RefusalParams[typeof code][]) {
      // The words need what the answer's reason carries, no more.
      const answer = wordedRefusal(400, code, params);
      const { kind, ...carried } = answer.reason ?? { kind: '' };
      expect(kind).toBe(code);
      expect(sorted(argsOf(parse(entry)))).toEqual(sorted(Object.keys(carried)));
      const text = refusalText(words, code, params);
      expect(text).not.toMatch(/[{}]|undefined/);
      // Each value written as it is shows (a number in the language's digits' grouping).
      const values = params as Readonly<Record<string, string | number>>;
      for (const name of argsOf(parse(entry), true)) {
        const v = values[name];
        if (typeof v === 'number') expect(text.replace(/[\s\u00a0\u202f,.]/g, '')).toContain(String(v));
        else if (v) expect(text).toContain(v);
      }
    }
  });

  test.each(CODES)('%s: the HTTP message is the English entry, from the same parameters', (code) => {
    for (const params of SAMPLES[code] as readonly RefusalParams[typeof code][]) {
      const answer = wordedRefusal(409, code, params);
      expect(answer.message).toBe(describeRefusal(code, params));
      expect(answer.message).toBe(
        refusalText(catalogWords('en', CODE_CATALOGS.en as CodeCatalog), code, params),
      );
    }
  });

  test('each worded code is one the server sends; each branch has words of its own', () => {
    const { codes } = sentCodes();
    expect(CODES.filter((c) => !codes.has(c))).toEqual([]);
    for (const code of CODES) {
      const texts = (SAMPLES[code] as readonly RefusalParams[typeof code][]).map((p) =>
        describeRefusal(code, p),
      );
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  test('the example: a cancel of a run that ended is data, worded in French from it', () => {
    const answer = wordedRefusal(409, 'RunNotActive', { runId: 'r7', cause: 'ended' });
    expect(answer).toMatchObject({
      status: 409,
      code: 'RunNotActive',
      message: 'Run r7 has already ended.',
      reason: { kind: 'RunNotActive', runId: 'r7', cause: 'ended' },
    });
    const fr = catalogWords('fr', CODE_CATALOGS.fr as CodeCatalog);
    expect(refusalText(fr, 'RunNotActive', { runId: 'r7', cause: 'ended' })).toBe(
      'L’exécution r7 est déjà terminée.',
    );
  });
});
