import { Float64Ring } from "../../../src/core/ranging/Float64Ring";
import { ScanBuffer } from "../../../src/core/ranging/ScanBuffer";
import { ScanSegmenter } from "../../../src/core/ranging/ScanSegmenter";
import { medianInPlace, robustSigmaInPlace } from "../../../src/core/ranging/sortedMedian";

/** A scan whose angles went through float32, as every LaserScan message's do. */
function float32Scan(count: number): ScanBuffer {
  const s = new ScanBuffer();
  s.load({ angle_min: Math.fround(-0.1), angle_max: Math.fround(-0.1 + (count - 1) * 0.01), angle_increment: Math.fround(0.01), range_min: 0.1, range_max: 10, ranges: new Array<number>(count).fill(2), intensities: [] });
  return s;
}

describe("ScanBuffer bearing to beam index", () => {
  it.each([
    // Beam 10 lies at 0 rad up to float32 rounding (0.0000004 beam off): a bound there keeps it.
    { bearing: 0, first: 10, last: 10 },
    { bearing: -0.05, first: 5, last: 5 },
    { bearing: 0.005, first: 11, last: 10 },
    // Unclamped: callers clamp (or wrap a 360 degree window).
    { bearing: -0.303, first: -20, last: -21 },
    { bearing: 0.503, first: 61, last: 60 },
  ])("bearing $bearing rad: first beam at or after $first, last at or before $last", ({ bearing, first, last }) => {
    const s = float32Scan(21);
    expect(s.firstBeamAtOrAfter(bearing)).toBe(first);
    expect(s.lastBeamAtOrBefore(bearing)).toBe(last);
    expect(s.angleOf(first)).toBeGreaterThanOrEqual(bearing - 1e-6 * s.angleIncrement);
    expect(s.angleOf(last)).toBeLessThanOrEqual(bearing + 1e-6 * s.angleIncrement);
  });

  it.each([
    // The float32 rounding of angle_min and angle_increment grows with the index: bearing 0 lies
    // 8e-6 beam past beam 225 of an LD06-like scan and 6.4e-5 beam past beam 1800 of a 3600-beam one.
    { label: "LD06-like (450 beams of 0.8 deg)", count: 450, onBound: 225 },
    { label: "3600 beams of 0.1 deg", count: 3600, onBound: 1800 },
  ])("$label from -pi, float32 angles: a bound at bearing 0 keeps beam $onBound", ({ count, onBound }) => {
    const increment = Math.fround((2 * Math.PI) / count);
    const s = new ScanBuffer();
    s.load({ angle_min: Math.fround(-Math.PI), angle_max: Math.fround(-Math.PI + (count - 1) * increment), angle_increment: increment, range_min: 0.02, range_max: 12, ranges: new Float32Array(count).fill(2) });
    expect(s.firstBeamAtOrAfter(0)).toBe(onBound);
    expect(s.lastBeamAtOrBefore(0)).toBe(onBound);
  });

  it("the segmenter's region keeps the beams its bounds lie on", () => {
    const seg = new ScanSegmenter();
    seg.segment(float32Scan(21), { bearing_min_rad: -0.05, bearing_max_rad: 0, range_min_m: 0.5, range_max_m: 5 }, 0.15);
    expect([seg.firstBeam, seg.lastBeam]).toEqual([5, 10]);
    expect(seg.pointCount).toBe(6);
    expect(seg.segmentCount).toBe(1);
    // Beams 5 and 10 at 2 m, 0.05 rad apart: chord 2 * 2 sin(0.025) m.
    expect(seg.chord(0)).toBeCloseTo(4 * Math.sin(0.025), 6);
  });
});

describe("Float64Ring", () => {
  it("keeps the last `capacity` values, oldest first", () => {
    const ring = new Float64Ring(3);
    expect(ring.size).toBe(0);
    expect(ring.at(0)).toBeNaN();
    for (const v of [1, 2]) ring.push(v);
    expect([ring.size, ring.at(0), ring.at(1)]).toEqual([2, 1, 2]);
    for (const v of [3, 4, 5]) ring.push(v);
    expect([ring.size, ring.at(0), ring.at(1), ring.at(2), ring.at(3)]).toEqual([3, 3, 4, 5, NaN]);
    const dst = new Float64Array(3);
    expect(ring.copyTo(dst)).toBe(3);
    expect([...dst].sort()).toEqual([3, 4, 5]);
    ring.clear();
    expect(ring.size).toBe(0);
    ring.push(7);
    expect(ring.at(0)).toBe(7);
  });

  it.each([
    { pushes: 0, capacity: 4 },
    { pushes: 3, capacity: 4 },
    { pushes: 4, capacity: 4 },
    { pushes: 11, capacity: 4 },
  ])("sums $pushes pushes into a ring of $capacity oldest first, as adding its values one by one does", ({ pushes, capacity }) => {
    // Values of very different sizes: a different order of addition would round differently.
    const values = [1e16, 1, -1e16, 0.1, 3.3, 1e-3, -7, 2.5e15, 0.3, -0.1, 42];
    const ring = new Float64Ring(capacity);
    for (let i = 0; i < pushes; i++) ring.push(values[i] ?? 0);
    let oneByOne = 0;
    for (let i = 0; i < ring.size; i++) oneByOne += ring.at(i);
    expect(Object.is(ring.sum(), oneByOne)).toBe(true);
  });

  it.each([0, -1, 2.5, NaN])("refuses capacity %p", (capacity) => {
    expect(() => new Float64Ring(capacity)).toThrow(`got ${capacity}`);
  });
});

describe("robustSigmaInPlace", () => {
  it("is 1.4826 times the median absolute deviation about the median, ignoring an outlier", () => {
    const buf = Float64Array.from([4, 100, 1, 3, 2]);
    const centre = medianInPlace(buf, 5);
    expect(centre).toBe(3);
    // Deviations from 3: 2, 1, 0, 1, 97: median 1.
    expect(robustSigmaInPlace(buf, 5, centre)).toBeCloseTo(1.4826, 12);
    expect(robustSigmaInPlace(new Float64Array(3), 0, 0)).toBeNaN();
  });
});
