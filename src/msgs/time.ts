import type { Time } from "./types";

const NS_PER_S = 1e9;

/** A stamp from seconds [s]; rounds to the nearest nanosecond and keeps 0 <= nanosec < 1e9. */
export function timeFromSeconds(seconds: number): Time {
  if (!Number.isFinite(seconds)) {
    throw new RangeError(`time must be finite, got ${seconds}`);
  }
  let sec = Math.floor(seconds);
  let nanosec = Math.round((seconds - sec) * NS_PER_S);
  if (nanosec >= NS_PER_S) {
    sec += 1;
    nanosec -= NS_PER_S;
  }
  return { sec, nanosec };
}

/** Seconds [s] of a stamp, as a double (sub-microsecond resolution for epoch times). */
export function secondsFromTime(time: Time): number {
  return time.sec + time.nanosec / NS_PER_S;
}
