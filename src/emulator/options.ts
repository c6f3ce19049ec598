import type { JWTVerifyGetKey, KeyInput } from 'jose';

/** How incoming bearer tokens are verified (the facade's dev issuer passes its key set here). */
export interface AuthOptions {
  issuer: string;
  audience?: string | string[];
  jwks: JWTVerifyGetKey | KeyInput;
}

/** Outlook's limits per app + mailbox; defaults are the documented production values. */
export interface ThrottlingConfig {
  enabled: boolean;
  /** Requests allowed per app + mailbox inside one sliding window. */
  quota: number;
  windowMs: number;
  /** Concurrent requests per app + mailbox. */
  concurrency: number;
  /** Retry-After (seconds) sent with a concurrency 429: slots free up quickly, so a short hint. */
  concurrencyRetryAfterSeconds: number;
}

interface LatencyConfig {
  fixedMs: number;
  /** Uniform extra delay in [0, jitterMs), drawn from the seeded PRNG. */
  jitterMs: number;
}

/**
 * `reset`: the connection dies before the request runs (nothing applied, no byte of answer).
 * `lostResponse`: applied; the answer's status line and headers arrive, then the connection dies
 * mid-body — what a client sees of a real answer lost on the way (a browser does not resend it).
 * `closedUnanswered`: applied; the connection closes before any byte of the answer. A browser
 * resends such a request by itself when the connection was a reused keep-alive one (Chromium's
 * HttpNetworkTransaction::ShouldResendRequest), POSTs included, so the write lands twice.
 */
export type FaultKind = '429' | '503' | '504' | 'reset' | 'lostResponse' | 'closedUnanswered';

interface ScriptedFault {
  match?: { method?: string; urlContains?: string };
  fault: FaultKind;
  /** How many matching requests this entry hits before it is used up (default 1). */
  times?: number;
}

export interface FaultConfig {
  /** Probability in [0, 1] that any Graph request (or batch item) gets a random fault. */
  rate: number;
  /** Kinds drawn from when a random fault fires. */
  kinds: FaultKind[];
  seed: number;
  retryAfterSeconds: number;
  /** Consumed in order: the first entry whose match fits the request fires before random faults. */
  script: ScriptedFault[];
}

interface DeltaConfig {
  /** Delta generations (issued deltaLinks) kept per folder; older tokens get 410 SyncStateNotFound. */
  maxGenerations: number;
  defaultPageSize: number;
  maxPageSize: number;
}

export interface RuntimeConfig {
  throttling: ThrottlingConfig;
  latency: LatencyConfig;
  faults: FaultConfig;
  delta: DeltaConfig;
  /** Shuffle $batch responses (deterministically) so clients must correlate by id. */
  shuffleBatchResponses: boolean;
}

export type RuntimeConfigPatch = {
  [K in keyof RuntimeConfig]?: RuntimeConfig[K] extends object ? Partial<RuntimeConfig[K]> : RuntimeConfig[K];
};

export interface SeedContact {
  id?: string;
  singleValueExtendedProperties?: { id: string; value: string }[];
  /** The contact's photo (contact-photo.ts): its type and bytes in base64. Not a Graph property. */
  '@emulator.photo'?: { contentType: string; base64: string };
  [property: string]: unknown;
}

export interface SeedFolder {
  id?: string;
  displayName: string;
  /** Absent for a contact folder; else a folder of another item class, e.g. `IPF.Note` (store-shapes.ts Folder.folderClass). */
  folderClass?: string;
  contacts?: SeedContact[];
  childFolders?: SeedFolder[];
}

export interface SeedMailbox {
  id: string;
  upn?: string;
  folders?: SeedFolder[];
  /** Contacts placed in the mailbox's default Contacts folder. */
  contacts?: SeedContact[];
  /** Contact folders the user deleted: they sit in Deleted Items with their ids and contacts. */
  deletedFolders?: SeedFolder[];
}

export interface SeedData {
  mailboxes: SeedMailbox[];
}

export interface GraphEmulatorOptions {
  /** Token verification. Without it the emulator creates its own RS256 dev issuer (see /_emulator/token). */
  auth?: AuthOptions;
  /** Epoch milliseconds; inject a fake clock to drive throttling windows from tests. */
  now?: () => number;
  /** Used for latency; inject to avoid real waiting in tests. */
  sleep?: (ms: number) => Promise<void>;
  throttling?: Partial<ThrottlingConfig>;
  latency?: Partial<LatencyConfig>;
  faults?: Partial<FaultConfig>;
  delta?: Partial<DeltaConfig>;
  shuffleBatchResponses?: boolean;
  seed?: SeedData;
  /** Fastify logger setting for the standalone app (default off). */
  logger?: boolean;
}

const DEFAULT_CONFIG: RuntimeConfig = {
  throttling: {
    enabled: true,
    quota: 10_000,
    windowMs: 10 * 60 * 1000,
    concurrency: 4,
    concurrencyRetryAfterSeconds: 1,
  },
  latency: { fixedMs: 0, jitterMs: 0 },
  faults: { rate: 0, kinds: ['429', '503', '504'], seed: 1, retryAfterSeconds: 1, script: [] },
  delta: { maxGenerations: 50, defaultPageSize: 100, maxPageSize: 200 },
  shuffleBatchResponses: true,
};

export function resolveConfig(options: GraphEmulatorOptions): RuntimeConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  return applyConfigPatch(config, {
    throttling: options.throttling,
    latency: options.latency,
    faults: options.faults,
    delta: options.delta,
    shuffleBatchResponses: options.shuffleBatchResponses,
  });
}

/** Merges a partial config in place (used by options and by PUT /_emulator/config). */
export function applyConfigPatch(config: RuntimeConfig, patch: RuntimeConfigPatch): RuntimeConfig {
  if (patch.throttling) Object.assign(config.throttling, patch.throttling);
  if (patch.latency) Object.assign(config.latency, patch.latency);
  if (patch.faults) {
    Object.assign(config.faults, patch.faults);
    config.faults.script = [...(patch.faults.script ?? config.faults.script)].map((f) => ({ ...f }));
  }
  if (patch.delta) Object.assign(config.delta, patch.delta);
  if (patch.shuffleBatchResponses !== undefined) config.shuffleBatchResponses = patch.shuffleBatchResponses;
  return config;
}
