/**
 * `npm run bench:graph`: 10,000 contacts created, then listed, through GraphMailbox against the
 * emulator with realistic latency and Outlook's limits compressed in time. Prints figures; it is
 * not a test. Real sleeps on both sides: Retry-After is honoured in real time.
 *
 * Outlook allows 10,000 requests per 10 minutes and 4 concurrent requests per app and mailbox.
 * Here the window is 10 s and the quota 1,500, so a 10,000-contact run meets the quota about six
 * times (the regime a large first sync is in), while each Graph call takes 15–25 ms.
 */
import { createTestIssuer, startableGraphEmulator } from '../src/emulator/index.js';
import { BC_ID_PROPERTY, GraphMailbox } from '../src/graph/index.js';
import { outlookDraft } from '../test/contracts/fixtures.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const LATENCY = { fixedMs: 15, jitterMs: 10 };
const THROTTLING = {
  enabled: true,
  quota: Number(process.env.BENCH_QUOTA ?? 1_500),
  windowMs: 10_000,
  concurrency: 4,
  concurrencyRetryAfterSeconds: 1,
};
const CONCURRENCY = 4;
const WRITE_CALL = 1_000; // items per create() call, like an engine chunk

/**
 * Fastest any client could go: item k starts when one of 4 slots is free (each call takes the
 * mean latency) and when the sliding window admits it (start of item k−quota plus the window).
 * `sequentialTail` calls (list pages, each needing the previous page's nextLink) run one at a time.
 */
function lowerBoundMs(parallelItems: number, sequentialTail: number): number {
  const latency = LATENCY.fixedMs + LATENCY.jitterMs / 2;
  const starts: number[] = [];
  let end = 0;
  const admit = (k: number, earliest: number): number => {
    const windowFree =
      k >= THROTTLING.quota ? (starts[k - THROTTLING.quota] as number) + THROTTLING.windowMs : 0;
    return Math.max(earliest, windowFree);
  };
  for (let k = 0; k < parallelItems; k++) {
    const slotFree = k >= CONCURRENCY ? (starts[k - CONCURRENCY] as number) + latency : 0;
    starts.push(admit(k, slotFree));
    end = Math.max(end, (starts[k] as number) + latency);
  }
  for (let j = 0; j < sequentialTail; j++) {
    const k = starts.length;
    starts.push(admit(k, end));
    end = (starts[k] as number) + latency;
  }
  return end;
}

async function main(): Promise<void> {
  const issuer = await createTestIssuer();
  const { app, emulator } = await startableGraphEmulator({
    auth: issuer.auth,
    latency: LATENCY,
    throttling: THROTTLING,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = await issuer.userToken('0bc0bc00-3333-4000-8000-00000000bead', 'bench@contoso.test', {
    scopes: ['Contacts.ReadWrite'],
  });
  const mailbox = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: async () => token,
    // Never give up on 429s here: the run must show zero lost writes.
    retry: { maxThrottledAttempts: 1_000 },
  });

  try {
    const started = performance.now();
    const folder = await mailbox.ensureFolder('Business Central');
    const drafts = Array.from({ length: CONTACTS }, (_, i) => outlookDraft(i + 1));
    let ok = 0;
    const failures = new Map<string, number>();
    for (let k = 0; k < drafts.length; k += WRITE_CALL) {
      for (const outcome of await mailbox.create(folder.id, drafts.slice(k, k + WRITE_CALL))) {
        if (outcome.ok) ok++;
        else failures.set(outcome.error.kind, (failures.get(outcome.error.kind) ?? 0) + 1);
      }
    }
    const createdAt = performance.now();
    const listed = await mailbox.listContacts(folder.id);
    const finished = performance.now();

    const bcIds = new Set(listed.map((c) => c.bcId));
    const stats = mailbox.stats();
    const counters = emulator.counters.snapshot();
    const itemCalls =
      counters.batchItems + Object.values(counters.byMailbox).reduce((n, m) => n + m.requests, 0);
    const listPages = Math.ceil(CONTACTS / 1000);
    // Items: the creates plus the folder GET + POST; tail: the list pages.
    const boundMs = lowerBoundMs(CONTACTS + 2, listPages);
    const wallMs = finished - started;
    const lost = CONTACTS - ok;

    const rows: [string, string][] = [
      ['contacts', String(CONTACTS)],
      [
        'emulator',
        `latency ${LATENCY.fixedMs}+U(0,${LATENCY.jitterMs}) ms; quota ${THROTTLING.quota}/${THROTTLING.windowMs / 1000}s; concurrency ${THROTTLING.concurrency}`,
      ],
      [
        'wall time',
        `${(wallMs / 1000).toFixed(1)} s (create ${((createdAt - started) / 1000).toFixed(1)} s, list ${((finished - createdAt) / 1000).toFixed(1)} s)`,
      ],
      [
        'lower bound',
        `${(boundMs / 1000).toFixed(1)} s (4 slots x mean latency, sliding quota, sequential list pages)`,
      ],
      ['ratio to bound', `${(wallMs / boundMs).toFixed(3)} (target <= 1.15)`],
      ['HTTP requests', `${stats.requests} (${(stats.requests / CONTACTS).toFixed(4)} per contact)`],
      ['Graph calls incl. batch items', `${itemCalls} (${(itemCalls / CONTACTS).toFixed(3)} per contact)`],
      ['429s met', `${stats.throttled} (emulator counted ${counters.throttled})`],
      ['peak requests in flight', String(mailbox.peakInFlight)],
      [
        'writes ok',
        `${ok}; lost ${lost}${failures.size ? ` ${JSON.stringify(Object.fromEntries(failures))}` : ''}`,
      ],
      [
        'listed',
        `${listed.length} contacts, ${bcIds.size} distinct BC ids, all stamped: ${listed.every((c) => c.bcId !== '')}`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`GraphMailbox benchmark (BC id property ${BC_ID_PROPERTY})`);
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
    if (process.env.BENCH_JSON)
      console.log(
        `BENCH_RESULT ${JSON.stringify({ contacts: CONTACTS, wallMs: Math.round(wallMs), boundMs: Math.round(boundMs), ratio: Number((wallMs / boundMs).toFixed(3)), httpRequests: stats.requests, graphCalls: itemCalls, throttled: stats.throttled, lost })}`,
      );
    if (lost > 0 || listed.length !== CONTACTS || bcIds.size !== CONTACTS) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
