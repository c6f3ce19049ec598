import { describe, expect, test } from '@jest/globals';
import { virtualClock } from '../support/virtual-clock.js';
import { runBatch } from '../../src/emulator/batch.js';
import { createGraphEmulator } from '../../src/emulator/emulator.js';
import type { GraphEmulator } from '../../src/emulator/emulator.js';
import type { GraphRequest } from '../../src/emulator/graph-request.js';
import { bodyText, bodyValue } from '../../src/emulator/graph-request.js';
import { ANN_PRINCIPAL, annFolderSeed } from './harness.js';

/**
 * The latency is Graph's service time (emulator.ts): the emulator's own work for a call happens
 * inside it, not on top of it. Time here is a virtual clock: it moves only when every call waits
 * on a sleep, or when the emulator's "work" (a store call made slow on purpose) spends it, so the
 * figures are exact on any machine.
 */
const LATENCY_MS = 40;
/** What one call's handler costs the emulator (virtual ms), spent in its first store read. */
const WORK_MS = 3;
const FOLDER = `AAMkADservicetime${'A'.repeat(23)}=`;

async function emulatorOn(clock: ReturnType<typeof virtualClock>, workMs: number): Promise<GraphEmulator> {
  const emulator = await createGraphEmulator({
    now: clock.now,
    sleep: clock.sleep,
    latency: { fixedMs: LATENCY_MS, jitterMs: 0 },
    seed: annFolderSeed(FOLDER, [{ givenName: 'Old', surname: 'One' }]),
  });
  // Every handler below reads its folder first: that read is where its work goes.
  const getFolder = emulator.store.getFolder.bind(emulator.store);
  emulator.store.getFolder = (mailbox, folderId) => {
    clock.spend(workMs);
    return getFolder(mailbox, folderId);
  };
  return emulator;
}

const request = (method: string, path: string, body?: unknown): GraphRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: body === undefined ? {} : { 'content-type': 'application/json' },
  body,
  baseUrl: 'http://emulator.invalid/v1.0',
});

const contacts = `/me/contactFolders/${FOLDER}/contacts`;

describe('the latency is the service time of a call, the emulator’s work included', () => {
  test(`a read whose handler takes ${WORK_MS} ms answers at the latency, not ${WORK_MS} ms after it`, async () => {
    const clock = virtualClock();
    const emulator = await emulatorOn(clock, WORK_MS);
    const outcome = await clock.drive(
      emulator.execute(ANN_PRINCIPAL, request('GET', contacts), false, emulator.newIds(undefined), 0),
    );
    expect(outcome.response.status).toBe(200);
    expect(clock.now()).toBe(LATENCY_MS);
    expect(outcome.endedAt).toBe(LATENCY_MS);
    // It slept what was left of its latency after the work.
    expect(clock.slept).toEqual([LATENCY_MS - WORK_MS]);
  });

  test('work that takes longer than the latency simply adds: no sleep is negative', async () => {
    const clock = virtualClock();
    const emulator = await emulatorOn(clock, LATENCY_MS + 25);
    const outcome = await clock.drive(
      emulator.execute(ANN_PRINCIPAL, request('GET', contacts), false, emulator.newIds(undefined), 0),
    );
    expect(outcome.response.status).toBe(200);
    expect(clock.now()).toBe(LATENCY_MS + 25);
    expect(outcome.endedAt).toBe(LATENCY_MS + 25);
    expect(clock.slept).toEqual([0]);
  });

  test('the time before a call reaches the pipeline (token, body) is inside its latency', async () => {
    const clock = virtualClock();
    const emulator = await emulatorOn(clock, 0);
    const arrivedAt = clock.now();
    clock.spend(7); // the token check and the body's parsing, between arrival and the pipeline
    await clock.drive(
      emulator.execute(ANN_PRINCIPAL, request('GET', contacts), false, emulator.newIds(undefined), arrivedAt),
    );
    expect(clock.now()).toBe(LATENCY_MS);
  });

  test('a write takes effect at the end of its service time, as before: no call sees it earlier', async () => {
    const clock = virtualClock();
    const emulator = await emulatorOn(clock, 0);
    const ids = emulator.newIds(undefined);
    const write = emulator.execute(
      ANN_PRINCIPAL,
      request('POST', contacts, { surname: 'New' }),
      false,
      ids,
      0,
    );
    // A read that reaches Graph halfway through the write's latency: it reads what is there then.
    const midway = (async () => {
      await clock.sleep(LATENCY_MS / 2);
      return emulator.execute(ANN_PRINCIPAL, request('GET', contacts), false, ids, clock.now());
    })();
    const [created, read] = await clock.drive(Promise.all([write, midway]));
    expect(created.response.status).toBe(201);
    expect(created.endedAt).toBe(LATENCY_MS);
    expect(read.endedAt).toBe(LATENCY_MS / 2 + LATENCY_MS);
    const page = bodyValue(read.response.body) as { value: { surname: string }[] };
    expect(page.value.map((c) => c.surname)).toEqual(['One']);
  });

  test('a $batch of 20 at 4 slots answers at 5 latencies, whatever each item’s work and each timer’s overshoot', async () => {
    const clock = virtualClock(2);
    const emulator = await emulatorOn(clock, WORK_MS);
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i),
      method: i % 2 === 0 ? 'POST' : 'GET',
      url: i % 2 === 0 ? contacts : `/me/contactFolders/${FOLDER}`,
      headers: i % 2 === 0 ? { 'content-type': 'application/json' } : {},
      ...(i % 2 === 0 ? { body: { surname: `S${i}` } } : {}),
    }));
    const envelope = request('POST', '/$batch', { requests });
    const arrivedAt = clock.now();
    clock.spend(5); // reading the envelope
    const outcome = await clock.drive(
      runBatch(emulator, ANN_PRINCIPAL, envelope, emulator.newIds(undefined), arrivedAt),
    );
    const { responses } = bodyValue(outcome.response.body) as { responses: { status: number }[] };
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(201)]);
    // What is left over: the last round's timers waking late and its two writes, applied after
    // their deadline — once, not once per round.
    expect(clock.now()).toBe(5 * LATENCY_MS + 2 + 2 * WORK_MS);
    expect(outcome.endedAt).toBe(5 * LATENCY_MS);
  });

  test('a batch item that depends on another reaches Graph when that one ends', async () => {
    const clock = virtualClock(1);
    const emulator = await emulatorOn(clock, WORK_MS);
    const requests = [
      {
        id: 'a',
        method: 'POST',
        url: contacts,
        headers: { 'content-type': 'application/json' },
        body: { surname: 'A' },
      },
      { id: 'b', method: 'GET', url: contacts, dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: contacts, dependsOn: ['b'] },
    ];
    const outcome = await clock.drive(
      runBatch(
        emulator,
        ANN_PRINCIPAL,
        request('POST', '/$batch', { requests }),
        emulator.newIds(undefined),
        0,
      ),
    );
    // Only the last timer's overshoot is left: b and c start at their dependency's deadline.
    expect(clock.now()).toBe(3 * LATENCY_MS + 1);
    expect(outcome.endedAt).toBe(3 * LATENCY_MS);
    const { responses } = bodyValue(outcome.response.body) as { responses: { id: string; status: number }[] };
    expect(responses.every((r) => r.status < 300)).toBe(true);
  });
});

describe('a $batch answer written out item by item (batch.ts itemText)', () => {
  test('each item’s answer is what the call answers on its own, whatever its kind: a list page, a contact, an error, a 424', async () => {
    const emulator = await createGraphEmulator({
      seed: annFolderSeed(FOLDER, [{ givenName: 'Old', surname: 'One' }]),
      shuffleBatchResponses: false,
    });
    const alone = async (method: string, path: string) =>
      (await emulator.execute(ANN_PRINCIPAL, request(method, path), false, emulator.newIds(undefined)))
        .response;
    const page = await alone('GET', contacts);
    const folder = await alone('GET', `/me/contactFolders/${FOLDER}`);
    const requests = [
      { id: '1', method: 'GET', url: contacts },
      { id: '2', method: 'GET', url: `/me/contactFolders/${FOLDER}` },
      { id: '3', method: 'DELETE', url: `${contacts}/AAMkADmissing${'A'.repeat(30)}=` },
      { id: '4', method: 'GET', url: contacts, dependsOn: ['3'] },
    ];
    const outcome = await runBatch(
      emulator,
      ANN_PRINCIPAL,
      request('POST', '/$batch', { requests }),
      emulator.newIds(undefined),
    );
    const text = bodyText(outcome.response.body);
    // Well-formed JSON, as JSON.stringify writes it.
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    const { responses } = JSON.parse(text) as {
      responses: { id: string; status: number; headers: Record<string, string>; body: unknown }[];
    };
    // In the order the items ended (as before): by id here.
    responses.sort((a, b) => a.id.localeCompare(b.id));
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 200],
      ['2', 200],
      ['3', 404],
      ['4', 424],
    ]);
    expect(responses[0]).toEqual({ id: '1', status: 200, headers: page.headers, body: bodyValue(page.body) });
    expect(responses[1]).toEqual({
      id: '2',
      status: 200,
      headers: folder.headers,
      body: bodyValue(folder.body),
    });
    expect(responses[2]?.body).toMatchObject({ error: { code: 'ErrorItemNotFound' } });
    expect(responses[3]?.body).toMatchObject({ error: { code: 'FailedDependency' } });
  });
});
