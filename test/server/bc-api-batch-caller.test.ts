import { describe, expect, jest, test } from '@jest/globals';
import { devTokenVerifier, devUserKey } from '../../src/server/auth/dev-issuer.js';
import type { TokenVerifier } from '../../src/server/auth/verify.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { batchAnswers, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

// Issue 12 §2: the facade checked the caller of a `$batch` once per operation — the token verified,
// the memberships and the company read again for each of up to 100 operations, most of a 1%
// delta's BC cost. The caller is the envelope's: checked once per request the client sends, and
// again on its next request (a revoked member is refused there).

const verified = { count: 0 };
let plain: TokenVerifier | undefined;
// The facade's own dev verifier, counted (made once its issuer exists).
const counting: TokenVerifier = (authorization) => {
  verified.count++;
  plain ??= devTokenVerifier(f.issuer);
  return plain(authorization);
};

let f: Facade;
withFacade(
  (facade) => {
    f = facade;
  },
  { verifyToken: counting },
);

const batch = (requests: unknown[]) => batchAnswers(f, requests);

const contacts = () => `companies(${f.company.id})/contacts`;
const creates = (n: number, tag: string) =>
  Array.from({ length: n }, (_, k) => ({
    id: `${tag}${k}`,
    method: 'POST',
    url: contacts(),
    body: { displayName: `Caller ${tag} ${k}`, type: 'Person' },
  }));

/** What one `$batch` costs in caller checks: token verifications, membership and company reads. */
async function checksOf(requests: unknown[]) {
  const query = jest.spyOn(f.db, 'query');
  verified.count = 0;
  try {
    const answers = await batch(requests);
    const sql = query.mock.calls.map(([text]) => text);
    return {
      answers,
      verified: verified.count,
      memberships: sql.filter((s) => /FROM company_members/.test(s)).length,
      // The company's own read (getCompany); a create's numbering statement also names companies.
      companies: sql.filter((s) => /^SELECT [^;]* FROM companies WHERE id/.test(s)).length,
    };
  } finally {
    query.mockRestore();
  }
}

describe("a $batch's caller is checked once per request, not once per operation", () => {
  test('20 creates, reads and updates: one token check, one membership read, one company read', async () => {
    const made = await batch(creates(10, 'a'));
    expect(made.map((r) => r.status)).toEqual(Array(10).fill(201));
    const mixed = [
      ...creates(5, 'b'),
      ...made.slice(0, 10).map((r, k) => {
        const c = r.body as { id: string; '@odata.etag': string };
        return k % 2 === 0
          ? { id: `g${k}`, method: 'GET', url: `${contacts()}(${c.id})` }
          : {
              id: `u${k}`,
              method: 'PATCH',
              url: `${contacts()}(${c.id})`,
              headers: { 'If-Match': c['@odata.etag'] },
              body: { jobTitle: 'Buyer' },
            };
      }),
      ...creates(5, 'c'),
    ];
    const r = await checksOf(mixed);
    expect(r.answers.map((a) => a.status)).toEqual(mixed.map((m) => (m.method === 'POST' ? 201 : 200)));
    expect({ verified: r.verified, memberships: r.memberships, companies: r.companies }).toEqual({
      verified: 1,
      memberships: 1,
      companies: 1,
    });
  });

  test('a member revoked between two requests is refused on the next one, in every operation', async () => {
    const before = await checksOf(creates(3, 'd'));
    expect(before.answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const user = devUserKey('ann@contoso.com');
    expect(await revokeMembership(f.db, user, f.company.id)).toBe(true);
    try {
      const after = await checksOf(creates(3, 'e'));
      expect(after.answers.map((a) => [a.status, a.body?.error?.code])).toEqual(
        Array(3).fill([404, 'Internal_CompanyNotFound']),
      );
      // Read again for this request, not taken from the one before.
      expect(after.memberships).toBe(1);
    } finally {
      await grantMembership(f.db, user, f.company.id, 'test');
    }
    const again = await checksOf(creates(2, 'f'));
    expect(again.answers.map((a) => a.status)).toEqual([201, 201]);
  });

  test('two operations naming two companies: each read once, the one outside the memberships refused', async () => {
    const other = 'companies(11111111-2222-4333-8444-555555555555)/contacts';
    const r = await checksOf([
      { id: 'x1', method: 'GET', url: other },
      { id: 'm1', method: 'GET', url: `${contacts()}?$top=1` },
      { id: 'x2', method: 'GET', url: other },
      { id: 'm2', method: 'GET', url: `${contacts()}?$top=1` },
    ]);
    expect(r.answers.map((a) => a.status)).toEqual([404, 200, 404, 200]);
    expect(r.verified).toBe(1);
    expect(r.memberships).toBe(1);
    expect(r.companies).toBe(1);
  });
});
