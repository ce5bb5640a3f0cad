import fc from "fast-check";
import { RangeSensorChain } from "../../../src/core/ranging/RangeSensorChain";
import { isPublishableRange } from "../../../src/core/ranging/rep117";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { SpikeRangeFilter } from "../../../src/core/ranging/SpikeRangeFilter";
import { StuckValueRangeFilter } from "../../../src/core/ranging/StuckValueRangeFilter";
import { TemporalMedianRangeFilter } from "../../../src/core/ranging/TemporalMedianRangeFilter";
import { RangeReading } from "../../../src/core/ranging/RangeFilter";

/** Plain reference: median of the last `w` values by full sort. */
function referenceMedian(values: number[], w: number): number {
  const s = values.slice(-w).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe("TemporalMedianRangeFilter", () => {
  it.each([1, 3, 5, 9])("matches a sorted reference for window %p", (w) => {
    const rng = new SeededRandom(w);
    const f = new TemporalMedianRangeFilter({ window: w });
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const r = 1 + rng.next();
      seen.push(r);
      const v = f.update(new RangeReading(i * 0.01, r));
      expect(v.accepted && v.range_m).toBeCloseTo(referenceMedian(seen, w), 12);
    }
  });

  it.each([0, 2, 4, -1, 1.5])("rejects window %p", (w) => {
    expect(() => new TemporalMedianRangeFilter({ window: w })).toThrow(String(w));
  });
});

describe("SpikeRangeFilter", () => {
  it("rejects a lone spike and accepts a real step after about half a window", () => {
    const f = new SpikeRangeFilter({ window: 9, threshold: 4, min_spread_m: 0.01 });
    const rng = new SeededRandom(3);
    for (let i = 0; i < 20; i++) expect(f.update(new RangeReading(i, 2 + 0.003 * rng.gaussian())).accepted).toBe(true);
    expect(f.update(new RangeReading(20, 2.5)).accepted).toBe(false);
    expect(f.update(new RangeReading(21, 2.0)).accepted).toBe(true);
    // A step to 3 m: rejected at first, accepted once most of the window is at 3 m.
    const verdicts = Array.from({ length: 9 }, (_, k) => f.update(new RangeReading(22 + k, 3 + 0.003 * rng.gaussian())).accepted);
    expect(verdicts[0]).toBe(false);
    expect(verdicts.slice(6).every(Boolean)).toBe(true);
  });
});

describe("StuckValueRangeFilter", () => {
  it.each([
    [3, 3, true],
    [3, 4, false],
    [1, 2, false],
  ])("max_repeats %p, %p equal readings: last accepted = %p", (maxRepeats, n, expected) => {
    const f = new StuckValueRangeFilter({ max_repeats: maxRepeats });
    let last = true;
    for (let i = 0; i < n; i++) last = f.update(new RangeReading(i, 1.234)).accepted;
    expect(last).toBe(expected);
  });
});

describe("RangeSensorChain", () => {
  it("publishes REP-117 values for non-valid input", () => {
    const c = new RangeSensorChain();
    expect(c.update(0, Number.POSITIVE_INFINITY, 0.1, 12).range_m).toBe(Number.POSITIVE_INFINITY);
    expect(c.update(0.01, 0.05, 0.1, 12).range_m).toBe(Number.NEGATIVE_INFINITY);
    expect(c.update(0.02, 13, 0.1, 12).range_m).toBe(Number.POSITIVE_INFINITY);
    expect(c.update(0.03, Number.NaN, 0.1, 12).range_m).toBeNaN();
  });

  it("refuses min_range > max_range with a reason", () => {
    const out = new RangeSensorChain().update(0, 1, 5, 2);
    expect(out.valid).toBe(false);
    expect(out.range_m).toBeNaN();
    expect(out.reason).toContain("min_range 5");
  });

  it("flags a backwards stamp and recovers after it", () => {
    const c = new RangeSensorChain();
    expect(c.update(10, 1, 0.1, 12).valid).toBe(true);
    const back = c.update(9, 1, 0.1, 12);
    expect(back.valid).toBe(false);
    expect(back.reason).toContain("non-monotonic");
    expect(c.update(9.01, 1, 0.1, 12).valid).toBe(true);
  });

  it("has no temporal median by default: a step is published at once, with window 5 two readings late", () => {
    const readings = [2, 2, 2, 2, 2, 3, 3, 3, 3, 3];
    const run = (c: RangeSensorChain): number[] => readings.map((r, i) => c.update(i * 0.01, r, 0.1, 12).range_m);
    expect(run(new RangeSensorChain({ spike: false }))).toEqual(readings);
    expect(run(new RangeSensorChain({ spike: false, median: { window: 1 } }))).toEqual(readings);
    expect(run(new RangeSensorChain({ spike: false, median: { window: 5 } }))).toEqual([2, 2, 2, 2, 2, 2, 2, 3, 3, 3]);
  });

  it.each([0, 2, 1.5])("refuses median window %p", (window) => {
    expect(() => new RangeSensorChain({ median: { window } })).toThrow(String(window));
  });

  it("is stale after timeout_s without a valid output", () => {
    const c = new RangeSensorChain({ timeout_s: 0.5 });
    expect(c.isStale(0)).toBe(true);
    c.update(1, 2, 0.1, 12);
    expect(c.isStale(1.4)).toBe(false);
    c.update(1.2, Number.NaN, 0.1, 12);
    expect(c.isStale(1.6)).toBe(true);
  });

  it("reports rate, valid fraction and spread", () => {
    const c = new RangeSensorChain({ median: { window: 1 }, spike: false });
    const rng = new SeededRandom(9);
    for (let i = 0; i < 100; i++) c.update(i * 0.01, i % 10 === 0 ? Number.NaN : 3 + 0.01 * rng.gaussian(), 0.1, 12);
    const d = c.diagnostics();
    expect(d.rate_hz).toBeCloseTo(100, 6);
    expect(d.valid_fraction).toBeCloseTo(0.9, 6);
    expect(d.spread_m).toBeGreaterThan(0.007);
    expect(d.spread_m).toBeLessThan(0.013);
  });

  it("never publishes a number outside [min, max] (property)", () => {
    const reading = fc.oneof(
      fc.double({ min: -1, max: 20, noNaN: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), reading, fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 15, noNaN: true })), { maxLength: 60 }),
        (readings) => {
          // With a median: its past readings can fall outside limits that change in a message.
          const c = new RangeSensorChain({ median: { window: 5 } });
          let t = 0;
          for (const [dt, r, min, max] of readings) {
            t += dt;
            const out = c.update(t, r, min, max);
            if (Number.isFinite(out.range_m)) {
              expect(out.valid).toBe(true);
              expect(out.range_m).toBeGreaterThanOrEqual(min);
              expect(out.range_m).toBeLessThanOrEqual(max);
            } else {
              expect(out.valid).toBe(false);
              expect(out.reason).not.toBe("");
            }
            expect(isPublishableRange(out.range_m, min, max)).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
