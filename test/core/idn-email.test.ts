import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { domainToASCII } from 'node:url';
import { emailForms, normalizeEmail, sameFieldValue } from '../../src/core/model.js';
import { World, outlookPerson, person } from '../support/world.js';

// F57 (issue 8 §5/§7): an internationalized domain is one mailbox whether written in Unicode or in
// its ACE (punycode) form. normalizeEmail is the one place e-mails are compared; Node's own UTS #46
// (url.domainToASCII, outside core) is the independent oracle for the ACE form.

describe('F57: IDN e-mail domains compare in one form', () => {
  test('example: anna@bücher.de and anna@xn--bcher-kva.de are one mailbox', () => {
    expect(normalizeEmail('anna@xn--bcher-kva.de')).toBe('anna@bücher.de');
    expect(normalizeEmail(' Anna@XN--BCHER-KVA.DE ')).toBe('anna@bücher.de');
    expect(sameFieldValue('email', 'anna@bücher.de', 'Anna@xn--bcher-kva.de')).toBe(true);
    expect(sameFieldValue('email', 'anna@bücher.de', 'anna@bucher.de')).toBe(false);
    // F132: also the decomposed form (NFD), which an exact look-up would not find otherwise.
    expect(emailForms('Anna@Bücher.de')).toEqual([
      'anna@bücher.de',
      'anna@bu\u0308cher.de',
      'anna@xn--bcher-kva.de',
    ]);
    expect(emailForms('anna@contoso.com')).toEqual(['anna@contoso.com']);
    // A label that is not valid ACE stays as written.
    expect(normalizeEmail('a@xn--.de')).toBe('a@xn--.de');
  });

  test('example: an Outlook contact with the ACE form matches the BC contact with the Unicode form (no second contact)', async () => {
    const w = new World();
    const a = w.bc.seed(person(1, { email: 'anna@bücher.de' }));
    w.bc.seed(person(2));
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(
      folder.id,
      outlookPerson(1, { emailAddresses: [{ address: 'anna@xn--bcher-kva.de', name: 'Anna' }] }),
    );
    expect((await w.sync('full')).record.status).toBe('succeeded');
    expect(w.bc.size).toBe(2);
    expect((await w.bc.findByEmails(['anna@xn--bcher-kva.de'])).map((c) => c.id)).toEqual([a.id]);
    expect((await w.outlook()).filter((o) => o.bcId === a.id)).toHaveLength(1);
  });

  const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzäöüßéèñçåøæαβγδжзиклм中文日本한국'.split(''));
  const label = fc.array(letter, { minLength: 1, maxLength: 10 }).map((l) => l.join(''));
  const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => [...ls, 'de'].join('.'));
  const local = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/);

  test('property: Unicode and ACE forms of random IDN addresses, in any case, are the same e-mail', () => {
    fc.assert(
      fc.property(local, domain, fc.boolean(), (user, host, upper) => {
        const ascii = domainToASCII(host);
        fc.pre(ascii !== '');
        const unicode = `${user}@${host}`;
        const ace = `${user}@${upper ? ascii.toUpperCase() : ascii}`;
        expect(normalizeEmail(ace)).toBe(normalizeEmail(unicode));
        expect(sameFieldValue('email', unicode, ace)).toBe(true);
        expect(emailForms(unicode)).toContain(`${user}@${ascii}`);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 500), seed: Number(process.env.PROP_SEED ?? 8057) },
    );
  });
});
