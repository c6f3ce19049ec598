import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import punycode from 'punycode.js';
import { foldEmailCase } from '../../src/pure/email-fold.js';
import { nfc, normalizeEmail } from '../../src/core/model.js';

// Issue 12 §2: normalizeEmail returns a plain lower-case ASCII address as it is (no copy per BC
// contact the planner keys by e-mail). The form it had before that shortcut is the oracle: every
// input, plain or not, gets the same key (folded by the one e-mail folding, pure/email-fold.ts).
function normalizeEmailBefore(email: string): string {
  const lower = foldEmailCase(nfc(email).trim());
  const at = lower.lastIndexOf('@');
  if (at < 0 || !lower.includes('xn--', at)) return lower;
  const domain = lower
    .slice(at + 1)
    .split('.')
    .map((label) => {
      if (!label.startsWith('xn--')) return label;
      try {
        const decoded = foldEmailCase(nfc(punycode.toUnicode(label)));
        return decoded === '' ? label : decoded;
      } catch {
        return label;
      }
    })
    .join('.');
  return `${lower.slice(0, at + 1)}${domain}`;
}

/** Characters where the shortcut's edges lie: space, tab, CR/LF, capitals, '@', 'xn--' parts, DEL, NUL, non-ASCII. */
const edgeChar = fc.constantFrom(
  ...' \t\r\n\u0000\u007f\u0080\u00a0\u200b\ufeffAZaz@.-xn09!~`{[\\ÄäßİıK\u0301'.split(''),
);
const emailLike = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.oneof(edgeChar, fc.constantFrom('x', 'n', '-', 'a', 'b')) }),
  fc
    .tuple(
      fc.string({ unit: fc.oneof(edgeChar, fc.constantFrom('a', 'b', '.')) }),
      fc.constantFrom('', 'xn--bcher-kva', 'XN--BCHER-KVA', 'xn--', 'example'),
      fc.constantFrom('.de', '.com', '', '.xn--p1ai'),
    )
    .map(([local, domain, tld]) => `${local}@${domain}${tld}`),
);

describe('normalizeEmail keeps a plain address as it is', () => {
  test('example: plain addresses come back unchanged, others as before', () => {
    expect(normalizeEmail('anna.surname1@company1.example.com')).toBe('anna.surname1@company1.example.com');
    expect(normalizeEmail(' Anna@Example.COM ')).toBe('anna@example.com');
    expect(normalizeEmail('anna@xn--bcher-kva.de')).toBe('anna@bücher.de');
    expect(normalizeEmail('a\u0000b@x.de')).toBe(normalizeEmailBefore('a\u0000b@x.de'));
  });

  test('property: the same key as the form without the shortcut, for any text', () => {
    fc.assert(
      fc.property(emailLike, (email) => {
        expect(normalizeEmail(email)).toBe(normalizeEmailBefore(email));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 2000), seed: Number(process.env.PROP_SEED ?? 1204) },
    );
  });
});
