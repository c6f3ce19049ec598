import { describe, expect, test } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { meAnswer } from '../../src/server/sync/answer-schemas.js';
import { watchSerialization } from '../support/serialized-answers.js';

// Issue 13 §5: the guard the test harnesses (sync-harness.ts, bc/harness.ts) run on every answer.

async function answerUnder(schema: object, answer: object) {
  const app = Fastify();
  app.get('/x', { schema: { response: { 200: schema } } }, async () => answer);
  const watch = watchSerialization(app);
  const r = await app.inject({ url: '/x' });
  await app.close();
  return { body: r.json<object>(), differences: watch.differences };
}

const me = { userId: 'u', upn: 'ann@contoso.com', name: 'Ann', oid: 'o', companyId: null };

describe('watchSerialization', () => {
  test.each([
    [
      'a field the schema forgot is dropped',
      Type.Object({ userId: Type.String() }),
      { userId: 'u', upn: 'a' },
    ],
    ['a value of another type is coerced', Type.Object({ n: Type.String() }), { n: 5 }],
    [
      'a closed nested object drops a field',
      Type.Object({ o: Type.Object({}, { additionalProperties: false }) }),
      { o: { a: 1 } },
    ],
  ])('sees it: %s', async (_name, schema, answer) => {
    const { differences } = await answerUnder(schema, answer);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(/^GET \/x: handler /);
  });

  test('/me without companyId in its schema would lose it (the named example)', async () => {
    const { companyId: _dropped, ...rest } = meAnswer.properties;
    const { body, differences } = await answerUnder(Type.Object(rest), { ...me, companyId: 'c1' });
    expect(body).not.toHaveProperty('companyId');
    expect(differences).toHaveLength(1);
    // The schema the route has keeps every field of the answer.
    expect(await answerUnder(meAnswer, { ...me, companyId: 'c1' })).toEqual({
      body: { ...me, companyId: 'c1' },
      differences: [],
    });
  });
});
