import { describe, expect, test } from '@jest/globals';
import { CODE_CATALOGS, PANE_CATALOGS } from './catalogs.js';

/*
 * helper newuser, against the seeds' Finnish BC article (../shared/seeds): BC's Finnish words are
 * "kontakti" for a Business Central contact (the **Kontaktit** list, "Kontaktien synkronointi") and
 * "yhteystieto" for an Outlook one. The pane said "yhteyshenkilöitä" for the BC contacts other syncs
 * create (CreateTurnBusy) and a run's deferred creates "uusi yhteyshenkilö". Every Finnish message
 * of both catalogs keeps to the two words; the one exception quotes the article itself ("Synkronoi
 * kaikki yhteyshenkilöt molempiin suuntiin", Full Sync with Microsoft 365's description).
 */
const QUOTES_THE_ARTICLE = new Set(['fullSyncHelp']);

describe('Finnish messages call a contact what BC calls it', () => {
  test.each([
    ['pane', PANE_CATALOGS.fi],
    ['codes', CODE_CATALOGS.fi],
  ] as const)('%s catalog: no "yhteyshenkilö" outside the article quote', (_name, catalog) => {
    const off = Object.entries(catalog)
      .filter(([key, text]) => /yhteyshenkil/i.test(text) && !QUOTES_THE_ARTICLE.has(key))
      .map(([key]) => key);
    expect(off).toEqual([]);
  });

  /*
   * panepolish: the Outlook side was still called "kontakti" in five messages ("Outlook-kontakti",
   * "korjaa kontakti Outlookissa"), and the filter's cost "yhteystietoa kohden" for the BC contacts
   * it filters. Each side by its own word, wherever a message names the side beside the word.
   */
  const WRONG_SIDE: ReadonlyArray<readonly [string, RegExp]> = [
    ['an Outlook contact called kontakti', /Outlook-kontakt|kontakt\S* Outlookissa/i],
    [
      'a Business Central contact called yhteystieto',
      /Business Central -yhteysti|yhteysti\S* Business Centralissa/i,
    ],
  ];
  test.each(
    WRONG_SIDE.flatMap(([what, re]) => (['pane', 'codes'] as const).map((name) => [name, what, re] as const)),
  )('%s catalog: no %s', (name, _what, re) => {
    const catalog = name === 'pane' ? PANE_CATALOGS.fi : CODE_CATALOGS.fi;
    expect(
      Object.entries(catalog)
        .filter(([, text]) => re.test(text))
        .map(([key]) => key),
    ).toEqual([]);
  });

  test('the filter counts its cost per BC contact: kontaktia kohden', () => {
    const cost = Object.values(CODE_CATALOGS.fi).filter((text) => text.includes('kohden'));
    expect(cost.length).toBeGreaterThan(0);
    expect(cost.filter((text) => !text.includes('kontaktia kohden'))).toEqual([]);
  });

  test('the examples: "This sender" waiting on other syncs, and a run\'s deferred creates', () => {
    expect(PANE_CATALOGS.fi.failureCode_CreateTurnBusy).toContain('luovat juuri nyt kontakteja');
    expect(CODE_CATALOGS.fi.run_deferred).toContain('{# uusi kontakti}');
  });
});
