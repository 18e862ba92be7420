export interface Clock {
  now(): Date;
}

/** The machine's time, for the composition roots; use cases and stores read only the Clock they are given. */
export const systemClock: Clock = { now: () => new Date() };
