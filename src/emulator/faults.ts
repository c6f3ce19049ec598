import { gatewayTimeout, serviceUnavailable, tooManyRequests } from './errors.js';
import type { GraphError } from './errors.js';
import { createPrng } from './ids.js';
import type { FaultConfig, FaultKind } from './options.js';

/**
 * Decides which Graph calls fail. Scripted faults fire first (in order, each consumed as it hits);
 * otherwise a seeded PRNG fires at `rate`, so a run with the same seed fails the same requests.
 */
export class FaultInjector {
  private random: () => number;

  constructor(private readonly config: FaultConfig) {
    this.random = createPrng(config.seed);
  }

  reseed(): void {
    this.random = createPrng(this.config.seed);
  }

  pick(method: string, url: string): FaultKind | null {
    const script = this.config.script;
    const index = script.findIndex(
      (entry) =>
        (!entry.match?.method || entry.match.method.toUpperCase() === method.toUpperCase()) &&
        (!entry.match?.urlContains || url.includes(entry.match.urlContains)),
    );
    const scripted = script[index];
    if (scripted) {
      scripted.times = (scripted.times ?? 1) - 1;
      if (scripted.times <= 0) script.splice(index, 1);
      return scripted.fault;
    }
    if (this.config.rate > 0 && this.config.kinds.length > 0 && this.random() < this.config.rate) {
      return this.config.kinds[Math.floor(this.random() * this.config.kinds.length)] ?? null;
    }
    return null;
  }

  /** The Graph error for status faults; reset/lostResponse have no response at all. */
  errorFor(kind: FaultKind): GraphError | null {
    const retryAfter = this.config.retryAfterSeconds;
    if (kind === '429') return tooManyRequests(retryAfter);
    if (kind === '503') return serviceUnavailable(retryAfter);
    if (kind === '504') return gatewayTimeout();
    return null;
  }
}
