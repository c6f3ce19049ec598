import type { Clock } from '../core/ports.js';

/** A clock tests move by hand, so nothing ever sleeps. */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start = '2026-01-01T00:00:00.000Z') {
    this.ms = Date.parse(start);
  }

  now(): string {
    return new Date(this.ms).toISOString();
  }

  monotonicMs(): number {
    return this.ms;
  }

  shift(iso: string, ms: number): string {
    return new Date(Date.parse(iso) + ms).toISOString();
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
