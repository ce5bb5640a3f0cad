import { rayCastScan, wallAt, LD06_GEOMETRY, type SceneShape } from "../../../src/bench/ranging.bench";
import { EdgeDetector } from "../../../src/core/ranging/EdgeDetector";
import { PoleDetector } from "../../../src/core/ranging/PoleDetector";
import { ScanBuffer } from "../../../src/core/ranging/ScanBuffer";
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
