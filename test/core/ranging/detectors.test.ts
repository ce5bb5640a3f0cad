import { rayCastScan, wallAt, LD06_GEOMETRY, type SceneShape } from "../../../src/bench/ranging.bench";
import { EdgeDetector } from "../../../src/core/ranging/EdgeDetector";
import { PoleDetector } from "../../../src/core/ranging/PoleDetector";
import { ScanBuffer } from "../../../src/core/ranging/ScanBuffer";
import { ScanProcessor } from "../../../src/core/ranging/ScanProcessor";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

const REGION = { bearing_min_rad: -0.5, bearing_max_rad: 0.5, range_min_m: 1, range_max_m: 6.5 };
const DENSE = { ...LD06_GEOMETRY, angle_increment: (0.25 * Math.PI) / 180, count: 1440 };

function scanOf(scene: SceneShape[], sigma: number, seed: number, geometry = DENSE): ScanBuffer {
  const s = new ScanBuffer();
  s.load(rayCastScan(scene, { ...geometry, sigma_m: sigma }, new SeededRandom(seed)));
  return s;
}

describe("PoleDetector", () => {
  it.each([
    [3, 0.2],
    [4, -0.5],
    [5.5, 0.7],
  ])("finds a noise-free pole at (%p, %p) exactly", (x, y) => {
    const d = new PoleDetector({ ...REGION, radius_m: 0.1 }).detect(scanOf([{ kind: "circle", cx: x, cy: y, r: 0.1 }, wallAt(7.5, 0)], 0, 1));
    expect(d.reason).toBe("");
    expect(d.x_m).toBeCloseTo(x, 6);
    expect(d.y_m).toBeCloseTo(y, 6);
  });

  it("finds nothing on a flat wall (segment too wide)", () => {
    const d = new PoleDetector({ ...REGION, radius_m: 0.1 }).detect(scanOf([wallAt(4, 0)], 0.01, 2));
    expect(d.found).toBe(false);
    expect(d.reason).toContain("too wide");
  });

  it.each([
    { label: "cut by the search region's edge", y: 4 * Math.tan(0.5), reason: "touches the search region's edge" },
    { label: "well inside the region", y: 0, reason: "" },
  ])("a pole $label: reason '$reason'", ({ y, reason }) => {
    const d = new PoleDetector({ ...REGION, radius_m: 0.1 }).detect(scanOf([{ kind: "circle", cx: 4, cy: y, r: 0.1 }, wallAt(7.5, 0)], 0, 4));
    expect(d.found).toBe(reason === "");
    expect(d.reason).toContain(reason);
  });

  it("refuses two poles that fit equally well (ambiguous)", () => {
    const scene: SceneShape[] = [{ kind: "circle", cx: 4, cy: -0.6, r: 0.1 }, { kind: "circle", cx: 4, cy: 0.6, r: 0.1 }, wallAt(7.5, 0)];
    const d = new PoleDetector({ ...REGION, radius_m: 0.1 }).detect(scanOf(scene, 0.001, 3));
    expect(d.found).toBe(false);
    expect(d.candidates).toBe(2);
    expect(d.reason).toContain("ambiguous");
    expect([d.x_m, d.y_m, d.residual_m, d.points]).toEqual([NaN, NaN, NaN, 0]);
  });

  it("reports a weak detection when too few beams hit the pole", () => {
    const d = new PoleDetector({ ...REGION, radius_m: 0.1, min_points: 4 }).detect(
      scanOf([{ kind: "circle", cx: 6, cy: 0, r: 0.1 }, wallAt(7.5, 0)], 0.01, 4, LD06_GEOMETRY),
    );
    expect(d.found).toBe(false);
    expect(d.reason).toContain("min_points");
  });
});

describe("EdgeDetector", () => {
  // A backboard-like segment 1.8 m wide at x = 4 from y = -0.5 to 1.3, wall behind at 7.5 m.
  const board: SceneShape = { kind: "segment", x1: 4, y1: -0.5, x2: 4, y2: 1.3 };
  it.each([
    ["left", 1.3],
    ["right", -0.5],
  ] as const)("finds the %s edge within half a beam spacing", (edge, y) => {
    const det = new EdgeDetector({ bearing_min_rad: -0.6, bearing_max_rad: 0.6, range_min_m: 1, range_max_m: 6.5, edge });
    const d = det.detect(scanOf([board, wallAt(7.5, 0)], 0, 5));
    expect(d.reason).toBe("");
    // Beam spacing along the board: r * step / cos(incidence), with cos(incidence) = 4 / r.
    const spacing = ((4 ** 2 + y ** 2) * DENSE.angle_increment) / 4;
    expect(Math.abs(d.y_m - y)).toBeLessThanOrEqual(spacing / 2 + 1e-9);
    expect(d.x_m).toBeCloseTo(4, 6);
  });

  it("refuses two straight segments that could both carry the edge (ambiguous)", () => {
    const near: SceneShape = { kind: "segment", x1: 3, y1: -0.8, x2: 3, y2: -0.2 };
    const far: SceneShape = { kind: "segment", x1: 4, y1: 0.2, x2: 4, y2: 1.0 };
    const det = new EdgeDetector({ bearing_min_rad: -0.6, bearing_max_rad: 0.6, range_min_m: 1, range_max_m: 6.5, edge: "left" });
    const d = det.detect(scanOf([near, far, wallAt(7.5, 0)], 0, 7));
    expect(d.found).toBe(false);
    expect(d.candidates).toBe(2);
    expect(d.reason).toContain("ambiguous");
    expect([d.x_m, d.y_m, d.residual_m, d.points]).toEqual([NaN, NaN, NaN, 0]);
  });

  it("refuses min_points below its floor of 3 (the pole's floor is 2)", () => {
    expect(() => new EdgeDetector({ ...REGION, edge: "left", min_points: 2 })).toThrow("edge detector: min_points must be an integer >= 3, got 2");
    expect(() => new PoleDetector({ ...REGION, min_points: 2 })).not.toThrow();
  });

  it("says the edge is hidden when a nearer object covers it", () => {
    const post: SceneShape = { kind: "circle", cx: 3, cy: 0.975, r: 0.08 };
    const det = new EdgeDetector({ bearing_min_rad: -0.6, bearing_max_rad: 0.6, range_min_m: 3.5, range_max_m: 6.5, edge: "left" });
    const d = det.detect(scanOf([board, post], 0, 6));
    expect(d.found).toBe(false);
    expect(d.reason).toContain("hides");
  });
});

/** LD06: 450 beams a revolution. */
const LD06_INCREMENT = (2 * Math.PI) / 450;

/**
 * A scan of 41 LD06 beams centred on bearing 0 (beams 20 and 21 at -/+ half an increment):
 * `segment` on beams 20 and 21, `left` on 19, 18, 17 and `right` on 22, 23, 24 (nearest first),
 * NaN elsewhere (so the segment's own reason is the first one the detector reports).
 */
function twoBeamScan(segment: readonly [number, number], left: readonly number[], right: readonly number[]): ScanBuffer {
  const ranges = new Array<number>(41).fill(NaN);
  ranges[20] = segment[0];
  ranges[21] = segment[1];
  left.forEach((r, k) => (ranges[19 - k] = r));
  right.forEach((r, k) => (ranges[22 + k] = r));
  const angleMin = -20.5 * LD06_INCREMENT;
  const s = new ScanBuffer();
  s.load({ angle_min: angleMin, angle_max: angleMin + 40 * LD06_INCREMENT, angle_increment: LD06_INCREMENT, range_min: 0.02, range_max: 12, ranges });
  return s;
}

/** Range along a beam at `bearing` [rad] to a circle of radius `r` centred `d` m ahead [m]. */
function circleRange(d: number, r: number, bearing: number): number {
  return d * Math.cos(bearing) - Math.sqrt(r * r - (d * Math.sin(bearing)) ** 2);
}

describe("PoleDetector: the background beside a two-beam segment", () => {
  // The 0.1 m pole 7.34 m away (the 6.5 m shot), hit by two beams; the end fence 0.5 m behind it.
  const pole: [number, number] = [circleRange(7.34, 0.1, -LD06_INCREMENT / 2), circleRange(7.34, 0.1, LD06_INCREMENT / 2)];
  const fence = [7.85, 7.85, 7.85];
  // Two beams of the side fence seen 45 deg off its normal 8.1 m away, as the speckle filter leaves
  // them (the simulator's 6.5 m shot: the fence steps about 0.11 m a beam, so most beams are blanked).
  const fencePair: [number, number] = [8.097, 8.19];
  const blank = [NaN, NaN, NaN];
  const INF = Number.POSITIVE_INFINITY;
  it.each([
    { label: "pole, background seen on both sides", segment: pole, left: fence, right: fence, found: true, reason: "" },
    { label: "pole, a dropout beside it", segment: pole, left: [NaN, 7.85, 7.85], right: fence, found: true, reason: "" },
    { label: "pole, two dropouts beside it", segment: pole, left: fence, right: [NaN, NaN, 7.85], found: true, reason: "" },
    { label: "pole, no return behind it", segment: pole, left: [INF, INF, INF], right: fence, found: true, reason: "" },
    { label: "pole, three blanked beams beside it", segment: pole, left: blank, right: fence, found: false, reason: "background unseen" },
    { label: "oblique fence pair between blanked runs", segment: fencePair, left: blank, right: blank, found: false, reason: "background unseen" },
    { label: "oblique fence pair, blanked on one side only", segment: fencePair, left: blank, right: [8.43, 8.55, 8.66], found: false, reason: "background unseen" },
    { label: "oblique fence pair, nearer fence past two blanks", segment: fencePair, left: [INF, INF, INF], right: [NaN, NaN, 7.75], found: false, reason: "does not stand out" },
  ])("$label: found $found ($reason)", ({ segment, left, right, found, reason }) => {
    const d = new PoleDetector({ bearing_min_rad: -0.25, bearing_max_rad: 0.25, range_min_m: 0.5, range_max_m: 10, radius_m: 0.1, min_points: 2 }).detect(twoBeamScan(segment, left, right));
    expect(d.found).toBe(found);
    expect(d.candidates).toBe(found ? 1 : 0);
    expect(d.reason).toContain(reason);
    if (found) expect(Math.hypot(d.x_m, d.y_m)).toBeCloseTo(7.34, 2);
  });

  it("an oblique fence 6-9 m away, speckle-filtered as shipped, is never taken for the pole", () => {
    // The side fence y = -4 seen from (0, 1.6), bearings -0.9..-0.3 rad off the court's x axis, LD06 noise.
    const processor = new ScanProcessor({
      filters: [
        { type: "range_gate", params: { zero_means: "invalid" } },
        { type: "speckle", params: { max_range_difference_m: 0.1, half_window: 1, min_neighbors: 1 } },
      ],
      beams: [],
      target: { type: "pole", bearing_min_rad: -0.9, bearing_max_rad: -0.3, range_min_m: 0.5, range_max_m: 10, radius_m: 0.1, min_points: 2 },
    });
    const random = new SeededRandom(5);
    const n = 450;
    const angleMin = -Math.PI;
    let found = 0;
    for (let scan = 0; scan < 200; scan++) {
      const ranges = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const a = angleMin + i * LD06_INCREMENT;
        const s = Math.sin(a) < -1e-6 ? 5.6 / -Math.sin(a) : Number.POSITIVE_INFINITY;
        ranges[i] = random.uniform() < 0.02 ? NaN : s + random.gaussian(0, 0.015);
      }
      if (processor.process({ angle_min: angleMin, angle_max: angleMin + (n - 1) * LD06_INCREMENT, angle_increment: LD06_INCREMENT, range_min: 0.02, range_max: 12, ranges }).target.found) found++;
    }
    expect(found).toBe(0);
  });
});
