/** Time is injected: features ask a Clock, never Date.now(). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (simulator, tests). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date): void {
    this.t = t.getTime();
  }
}

/**
 * Real time shifted by an offset that can grow (the console's ":skip 3d"). Given `start`, it reads
 * `start` now and runs on from there (tests that must not depend on the time of day they run at).
 */
export class ShiftedClock implements Clock {
  private offsetMs: number;
  constructor(start?: Date) {
    this.offsetMs = start ? start.getTime() - Date.now() : 0;
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  skip(ms: number): void {
    this.offsetMs += ms;
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
