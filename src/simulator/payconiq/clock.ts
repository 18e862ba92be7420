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
 * The simulator's own clock. Without a start time it follows the system clock plus an offset, so a
 * homologation user can "let ten minutes pass" (POST /_simulator/clock) while time keeps running;
 * with a start time it is frozen until advanced, which is what tests want.
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
