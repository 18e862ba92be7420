import { isAdvanceable, type SimClock } from './clock.js';
import { defaultQuirks, mergeQuirks, parseQuirksPatch, type SimulatorQuirks } from './quirks.js';
import type { SimulatorSettings, SimulatorStore } from './simulator-store.js';

/**
 * The quirks and the clock offset as this process uses them: read from the store at most once per
 * `ttlMs` (so a request costs no query for them), replaced at once by this process's own changes.
 * Another process's change is therefore seen at most `ttlMs` late. Reads that show the settings to
 * a user (GET /_simulator/quirks) go to the store.
 */
export class SharedSettings {
  private value: SimulatorSettings = { quirks: defaultQuirks(), clockOffsetMs: 0 };
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly store: SimulatorStore,
    private readonly ttlMs: number,
  ) {}

  get quirks(): SimulatorQuirks {
    return this.value.quirks;
  }

  get clockOffsetMs(): number {
    return this.value.clockOffsetMs;
  }

  /** Re-reads the settings when the cached ones are older than the TTL. */
  async fresh(): Promise<void> {
    if (performance.now() - this.readAt < this.ttlMs) return;
    await this.reload();
  }

  async reload(): Promise<SimulatorSettings> {
    this.reading ??= this.store
      .settings()
      .then((value) => this.keep(value))
      .finally(() => {
        this.reading = undefined;
      });
    await this.reading;
    return this.value;
  }

  /** Validates and stores a patch (TypeError when refused, nothing applied). */
  async patchQuirks(patch: unknown): Promise<SimulatorQuirks> {
    const parsed = parseQuirksPatch(patch);
    this.keep(await this.store.patchQuirks(parsed));
    return this.value.quirks;
  }

  /** One failNext failure to answer now, if any is left (another process may have used the last one). */
  async takeFailure(): Promise<429 | 500 | 503 | undefined> {
    if (!this.value.quirks.failNext) return undefined;
    const taken = await this.store.takeFailure();
    if (!taken) {
      this.value = { ...this.value, quirks: mergeQuirks(this.value.quirks, { failNext: undefined }) };
      return undefined;
    }
    this.keep(taken.settings);
    return taken.status;
  }

  async advanceClock(ms: number): Promise<void> {
    this.keep(await this.store.advanceClock(ms));
  }

  private keep(value: SimulatorSettings): void {
    this.value = value;
    this.readAt = performance.now();
  }
}

/**
 * The simulator's clock: the one it was given (the system's, or a test's) plus the shared offset
 * that POST /_simulator/clock moves. A given clock that can move itself (a test's) is moved
 * instead, so the test and the simulator keep reading the same time.
 */
export class SharedClock implements SimClock {
  constructor(
    private readonly base: SimClock,
    private readonly settings: SharedSettings,
  ) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.settings.clockOffsetMs);
  }

  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the simulator clock only moves forward');
    if (isAdvanceable(this.base)) this.base.advance(ms);
    else await this.settings.advanceClock(ms);
  }
}
