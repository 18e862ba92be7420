/** What the simulator needs from a clock; the gateway's Clock and test FakeClocks fit. */
export interface SimClock {
  now(): Date;
}

/** A clock that can be moved forward, detected structurally so a test's own FakeClock works too. */
export interface AdvanceableClock extends SimClock {
  advance(ms: number): void;
}

export function isAdvanceable(clock: SimClock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === 'function';
}

/**
 * A clock to give the simulator in tests: frozen at the start time until advanced (POST
 * /_simulator/clock advances it, see simulator-settings.ts); without a start time it follows the
 * system clock plus what it was advanced by.
 */
export class SimulatorClock implements AdvanceableClock {
  private offsetMs = 0;
  private readonly frozenAt: number | undefined;

  constructor(start?: Date) {
    this.frozenAt = start?.getTime();
  }

  now(): Date {
    return new Date((this.frozenAt ?? Date.now()) + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the simulator clock only moves forward');
    this.offsetMs += ms;
  }
}
