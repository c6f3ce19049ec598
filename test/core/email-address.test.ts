import { describe, expect, test } from '@jest/globals';
import { isBcEmail } from '../../src/core/email-address.js';
import { validateForBc } from '../../src/core/bc-field-rules.js';
import { emptySyncFields } from '../../src/core/model.js';

// F70: the embedded BC store, "This sender" and the engine took e-mails BC's E-Mail validation
// refuses (a display name, an empty domain label, a trailing dot): one rule now, isBcEmail
// (core/email-address.ts has BC's sources), read by validateForBc (the engine's skip reasons and
// the embedded store's 400 Application_InvalidEmail) and the sender route.

const ACCEPTED = [
  'x@example.com',
  'first.last@example.co.uk',
  "o'brien+tag@example.com",
  'a!#$%&*+-/=?^_`{|}~@example.com',
  'jörg.müller@bücher.de',
  'x@localhost',
  '"quoted local"@example.com',
  'x@[192.0.2.1]',
  'Grace.Clarke@gagnon.co.uk',
];

const REFUSED = [
  'x<y>@example.com',
  'Tom Smith <tsmith@contoso.com>',
  'x@example..com',
  'x@example.com.',
  'x@.example.com',
  '.x@example.com',
  'x.@example.com',
  'x..y@example.com',
  'x@y@example.com',
  '@example.com',
  'x@',
  'x',
  '',
  'x y@example.com',
  'x@exa mple.com',
  'x\t@example.com',
  'x@example.com\n',
  'x\u200b@example.com',
  'x(comment)@example.com',
  'x,y@example.com',
  'x;y@example.com',
  'x@exam_ple.com:25',
];

describe('F70: one rule for what BC takes as an e-mail address', () => {
  test.each(ACCEPTED)('accepted: %s', (email) => {
    expect(isBcEmail(email)).toBe(true);
    expect(validateForBc({ ...emptySyncFields(), email })).toEqual([]);
  });

  test.each(REFUSED)('refused: %j', (email) => {
    expect(isBcEmail(email)).toBe(false);
    if (email !== '')
      expect(validateForBc({ ...emptySyncFields(), email2: email })).toContainEqual({
        kind: 'invalidEmail',
        field: 'email2',
      });
  });

  test('named examples from the tester: a display name, a double dot, a trailing dot', () => {
    expect(['x<y>@example.com', 'x@example..com', 'x@example.com.'].map(isBcEmail)).toEqual([
      false,
      false,
      false,
    ]);
  });

  test('linear time: 100,000 characters of near-misses are judged at once', () => {
    for (const text of ['a.'.repeat(50_000) + '@x', 'a@' + 'b.'.repeat(50_000), '"'.repeat(100_000) + '@x'])
      expect(isBcEmail(text)).toBe(false);
  });
});

// F70's edge forms, as .NET's MailAddress (BC's rule) reads them: MailAddressParser.ParseDomain
// reads a domain that ends in ']' as a domain literal (DomainLiteralReader) and any other as a
// dot-atom of RFC 2822 atext (DotAtomReader), where '-' and '_' are atext, so BC takes all three.
describe('F70 edge forms follow .NET MailAddress', () => {
  test.each(['x@-a.com', 'x@a_b.com', 'x@[127.0.0.1]'])('%s is taken, as BC takes it', (address) => {
    expect(isBcEmail(address)).toBe(true);
  });
  test.each(['x@[127.0.0.1', 'x@127.0.0.1]', 'x@[1[2]]', 'x@a_b..com'])('%s is refused', (address) => {
    expect(isBcEmail(address)).toBe(false);
  });
});
