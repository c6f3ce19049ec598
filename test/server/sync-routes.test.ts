import { describe, test, expect, beforeAll } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { outlookPerson, person } from '../support/world.js';
import { ANN, call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

const h = useSyncHarness();

describe('auth', () => {
  test('no token → 401; a bad token → 401; an app-only token → 403', async () => {
    const none = await call(h, null, 'GET', '/sync/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('Authentication_InvalidCredentials');
    const bad = await h.app.inject({
      method: 'GET',
      url: '/sync/v1/settings',
      headers: { authorization: 'Bearer x.y.z' },
    });
    expect(bad.statusCode).toBe(401);
    const app = await h.issuer.appToken('facade');
    const res = await h.app.inject({
      method: 'GET',
      url: '/sync/v1/settings',
      headers: { authorization: `Bearer ${app}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('Authorization_UserRequired');
  });

  test('GET /me is the token user', async () => {
    const me = await call(h, 'Ann@Contoso.com', 'GET', '/sync/v1/me');
    expect(me.status).toBe(200);
    // Keyed by tenant + object id (the dev oid ignores case); the UPN is shown as the token says.
    expect(me.body).toMatchObject({ userId: userOf('ann@contoso.com'), upn: 'Ann@Contoso.com', name: 'Ann' });
  });
});

describe('settings', () => {
  const user = userOf('settings@contoso.com');
  test('defaults when none; PUT stores and returns them', async () => {
    expect((await call(h, user, 'GET', '/sync/v1/settings')).body).toEqual(DEFAULT_SETTINGS);
    const next = {
      ...DEFAULT_SETTINGS,
      folderName: 'BC',
      filter: { city: 'London|Paris' },
      conflictPolicy: 'manual',
    };
    const put = await call(h, user, 'PUT', '/sync/v1/settings', next);
    expect(put.status).toBe(200);
    expect((await call(h, user, 'GET', '/sync/v1/settings')).body).toEqual(next);
  });

  test('a filter and a folder name typed decomposed (NFD) are stored and answered in NFC (tester F15)', async () => {
    const nfcUser = userOf('nfd-settings@contoso.com');
    const nfd = {
      ...DEFAULT_SETTINGS,
      folderName: 'Clientés'.normalize('NFD'),
      filter: { name: 'Chloé*'.normalize('NFD') },
    };
    const stored = {
      ...nfd,
      folderName: 'Clientés'.normalize('NFC'),
      filter: { name: 'Chloé*'.normalize('NFC') },
    };
    const put = await call(h, nfcUser, 'PUT', '/sync/v1/settings', nfd);
    expect(put.body).toEqual(stored);
    expect((await call(h, nfcUser, 'GET', '/sync/v1/settings')).body).toEqual(stored);
  });

  test('a bad filter is a 400 per field, with the position', async () => {
    const put = await call(h, user, 'PUT', '/sync/v1/settings', {
      ...DEFAULT_SETTINGS,
      filter: { city: 'London|', jobTitle: "'open", colour: 'red' },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe('InvalidSettings');
    const details = put.body.error.details as { target: string; message: string }[];
    expect(details.map((d) => d.target).sort()).toEqual(['filter.city', 'filter.colour', 'filter.jobTitle']);
    expect(details.find((d) => d.target === 'filter.city')?.message).toBe(
      "Position 7: expected a value after '|'",
    );
  });

  test.each([
    [{ folderName: '' }, 'body/folderName'],
    [{ folderName: '   ' }, 'folderName'],
    [{ folderName: 'x'.repeat(256) }, 'folderName'],
    [{ conflictPolicy: 'coinFlip' }, 'body/conflictPolicy'],
    [{ scheduleMinutes: 3 }, 'scheduleMinutes'],
    [{ scheduleMinutes: 50000 }, 'body/scheduleMinutes'],
    [{ massDeleteShare: 1.5 }, 'body/massDeleteShare'],
  ])('%j → 400 naming %s', async (patch, target) => {
    const put = await call(h, user, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, ...patch });
    expect(put.status).toBe(400);
    expect(put.body.error.details.map((d: { target: string }) => d.target)).toContain(target);
  });

  test('a missing field → 400', async () => {
    const { folderName: _omit, ...rest } = DEFAULT_SETTINGS;
    const put = await call(h, user, 'PUT', '/sync/v1/settings', rest);
    expect(put.status).toBe(400);
    expect(put.body.error.message).toMatch(/folderName/);
  });
});

describe('match preview', () => {
  test('counts over BC contacts: matching, out of scope per reason, excluded per filter field', async () => {
    const user = userOf('preview@contoso.com');
    const before = (await call(h, user, 'POST', '/sync/v1/match-preview', {})).body;
    h.bc.seed(person(901, { city: 'Lyon', jobTitle: 'Chef' }));
    h.bc.seed(person(902, { city: 'Lyon', type: 'Company' }));
    h.bc.seed(person(903, { city: 'Lyon', email: '' }));
    h.bc.seed(person(904, { city: 'Lyon', privacyBlocked: true }));
    const all = (await call(h, user, 'POST', '/sync/v1/match-preview', {})).body;
    expect(all.total).toBe(before.total + 4);
    expect(all.matching).toBe(before.matching + 1);
    const lyon = await call(h, user, 'POST', '/sync/v1/match-preview', {
      filter: { city: 'Lyon', jobTitle: 'Chef' },
    });
    expect(lyon.status).toBe(200);
    expect(lyon.body).toMatchObject({
      total: all.total,
      matching: 1,
      outOfScope: { companyContact: all.outOfScope.companyContact, noEmail: all.outOfScope.noEmail },
    });
    // A partition (issue 8): the company, the blocked and the e-mail-less contact count there only.
    const out = lyon.body.outOfScope as Record<string, number>;
    expect(Object.values(out).reduce((a, b) => a + b, 0)).toBe(all.total - 1);
    const notByFilter = out.companyContact! + out.privacyBlocked! + out.noName! + out.noEmail!;
    expect(out.excludedByFilter).toBe(all.total - 1 - notByFilter);
    expect(lyon.body.byField.jobTitle ?? 0).toBe(out.excludedByFilter);
    // Without a body filter the saved one is used.
    await call(h, user, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, filter: { city: 'Lyon' } });
    expect((await call(h, user, 'POST', '/sync/v1/match-preview')).body.matching).toBe(1);
    const bad = await call(h, user, 'POST', '/sync/v1/match-preview', { filter: { city: '..' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].target).toBe('filter.city');
  });
});

describe('conflicts, links and skipped', () => {
  const user = userOf('conflicts@contoso.com');
  let bcId = '';
  let bc2 = '';

  beforeAll(async () => {
    await putManualFolder(h, user, 'Conflicts', 'Tampere');
    bcId = h.bc.seed(person(1, { city: 'Tampere' })).id;
    bc2 = h.bc.seed(person(2, { city: 'Tampere' })).id;
    expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
    const [a, b] = [bcId, bc2].map((id) => outlookIn(h, user, 'Conflicts').find((c) => c.bcId === id)!);
    h.mailbox(user).userEdit(a!.id, { jobTitle: 'OL', mobilePhone: '+1' });
    h.mailbox(user).userEdit(b!.id, { jobTitle: 'OL2' });
    h.bc.edit(bcId, { jobTitle: 'BC', website: 'https://bc.example' });
    h.bc.edit(bc2, { jobTitle: 'BC2' });
    const folder = h.mailbox(user).folderByName('Conflicts')!;
    h.mailbox(user).userCreate(folder.id, outlookPerson(77, { emailAddresses: [] }));
    expect((await runToEnd(h, user, { mode: 'full' })).conflicts).toBe(2);
  });

  test('GET /conflicts lists fields with base, bc, outlook and winner', async () => {
    const r = await call(h, user, 'GET', '/sync/v1/conflicts');
    expect(r.status).toBe(200);
    const c = r.body.conflicts.find((x: { bcId: string }) => x.bcId === bcId);
    expect(c).toMatchObject({ kind: 'fields', displayName: 'Person 1', outlookId: expect.any(String) });
    expect(c.fields).toEqual([
      { field: 'jobTitle', label: 'Job Title', base: '', bc: 'BC', outlook: 'OL', winner: 'none' },
    ]);
  });

  test("GET /conflicts names each contact's e-mail as last synced, whatever fields conflict (F62 find)", async () => {
    const r = await call(h, user, 'GET', '/sync/v1/conflicts');
    const email = (id: string) => r.body.conflicts.find((x: { bcId: string }) => x.bcId === id)?.email;
    expect([email(bcId), email(bc2)]).toEqual([h.bc.peek(bcId)?.email, h.bc.peek(bc2)?.email]);
    expect(email(bcId)).toMatch(/@/);
  });

  test('GET /conflicts: status open under the manual policy; the settled bound is published', async () => {
    const r = await call(h, user, 'GET', '/sync/v1/conflicts');
    expect(r.body.limits).toEqual({ settled: 200 });
    expect(r.body.conflicts).toHaveLength(2);
    for (const c of r.body.conflicts) {
      expect(c.status).toBe('open');
      expect(c.detectedAt).toEqual(expect.any(String));
    }
  });

  test('dismiss: an open conflict cannot be dismissed (400); an unknown one is 404', async () => {
    const open = await call(h, user, 'POST', `/sync/v1/conflicts/${bc2}/dismiss`, {});
    expect(open.status).toBe(400);
    expect(open.body.error.code).toBe('InvalidChoice');
    const none = await call(h, user, 'POST', `/sync/v1/conflicts/nope/dismiss`, {});
    expect(none.status).toBe(404);
    const bad = await call(h, user, 'POST', `/sync/v1/conflicts/${bc2}/dismiss`, { fields: ['colour'] });
    expect(bad.status).toBe(400);
  });

  test('resolve per field: both sides hold the chosen value', async () => {
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, {
      fields: { jobTitle: 'outlook' },
    });
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ kind: 'merged', remaining: [] });
    const ol = outlookIn(h, user, 'Conflicts').find((c) => c.bcId === bcId)!;
    expect([h.bc.peek(bcId)?.jobTitle, ol.jobTitle]).toEqual(['OL', 'OL']);
    expect(h.bc.peek(bcId)?.mobilePhoneNumber).toBe('+1');
    const left = (await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts;
    expect(left.map((c: { bcId: string }) => c.bcId)).toEqual([bc2]);
  });

  test('resolve the whole contact: side bc', async () => {
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bc2}/resolve`, { side: 'bc' });
    expect(r.status).toBe(200);
    const ol = outlookIn(h, user, 'Conflicts').find((c) => c.bcId === bc2)!;
    expect([h.bc.peek(bc2)?.jobTitle, ol.jobTitle]).toEqual(['BC2', 'BC2']);
    expect((await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts).toEqual([]);
  });

  test('resolve: unknown conflict → 404; a bad body → 400', async () => {
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/nope/resolve`, { side: 'bc' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ConflictNotFound');
    for (const body of [
      {},
      { side: 'both' },
      { side: 'bc', fields: { city: 'bc' } },
      { fields: { colour: 'bc' } },
    ]) {
      const bad = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, body);
      expect(bad.status).toBe(400);
    }
  });

  test('resolve while a run holds the folder → 409', async () => {
    const lease = await h.store.acquireLease(`${user}|conflicts`, 'other', h.clock.now(), 60_000);
    expect(lease.ok).toBe(true);
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'bc' });
    expect(r.status).toBe(409);
    await h.store.releaseLease(`${user}|conflicts`, 'other');
  });

  test('GET /links and GET /skipped (reason, text and hint)', async () => {
    const links = await call(h, user, 'GET', '/sync/v1/links');
    expect(links.status).toBe(200);
    expect(links.body.links.map((l: { bcId: string }) => l.bcId).sort()).toEqual([bcId, bc2].sort());
    const skipped = await call(h, user, 'GET', '/sync/v1/skipped');
    expect(skipped.status).toBe(200);
    expect(skipped.body.skipped).toEqual([
      expect.objectContaining({
        side: 'outlook',
        displayName: 'Outlook 77',
        reason: { kind: 'missingEmail' },
        text: 'no e-mail',
        hint: 'Add an e-mail address to the Outlook contact.',
      }),
    ]);
  });
});

describe('OpenAPI', () => {
  test('GET /docs/json and /docs/openapi.json: OpenAPI 3 with the sync routes and bearer security', async () => {
    // /docs itself is Swagger UI since issue 13 §5 (test/server/openapi.test.ts).
    for (const url of ['/docs/json', '/docs/openapi.json']) {
      const r = await h.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(200);
      const doc = r.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/sync/v1/runs',
          '/sync/v1/runs/{id}/events',
          '/sync/v1/conflicts/{bcId}/resolve',
          '/sync/v1/state/links',
        ]),
      );
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.paths['/sync/v1/settings'].put.requestBody).toBeDefined();
    }
  });

  test('an unknown route is a 404 with an error body', async () => {
    const r = await call(h, ANN, 'GET', '/sync/v1/nothing');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('BadRequest_NotFound');
  });
});
