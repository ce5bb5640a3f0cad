import { buildCourtMap, type Pose2 } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import { castDistance, castRay, castRayInto, predictRange, predictRangeInto, RayCast, type SensorMount } from "../../../src/core/court/rayCaster";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

const map = defaultCourtMap(); // 15 x 8, hoop (5.925, 0), board face x = 6.3, pole (7, 0) r 0.1, mirrored twin
const LOW = 0.05; // below the 0.10 m fence
const HIGH = 2.5; // backboard height band [2.28, 3.33], above the pole and fence

describe("castRay against hand-computed geometry (ABU court)", () => {
  const poleChord = Math.sqrt(0.1 * 0.1 - 0.05 * 0.05);
  it.each([
    // origin, angle, z, expected distance, surface, normal (facing back along the ray)
    ["+x along the axis, low: the pole", 0, 0, 0, LOW, 6.9, "pole", -1, 0],
    ["+x beside the pole: far fence", 0, 1, 0, LOW, 7.5, "fence_far", -1, 0],
    ["+y from the centre: left fence", 0, 0, Math.PI / 2, LOW, 4, "fence_left", 0, -1],
    ["-y from (2, 1): right fence", 2, 1, -Math.PI / 2, LOW, 5, "fence_right", 0, 1],
    ["-x along the axis: the mirrored pole", 0, 0, Math.PI, LOW, 6.9, "pole_2", 1, 0],
    ["45 deg from the centre: left fence at 4 sqrt 2", 0, 0, Math.PI / 4, LOW, 4 * Math.SQRT2, "fence_left", 0, -1],
    ["+x high: the backboard face at 6.3", 0, 0.5, 0, HIGH, 6.3, "backboard", -1, 0],
    ["pole off-centre hit", 6, 0.05, 0, LOW, 1 - poleChord, "pole", -poleChord / 0.1, 0.05 / 0.1],
  ])("%s", (_what, ox, oy, angle, z, distance, surface, nx, ny) => {
    const hit = castRay(map, { x: ox, y: oy }, angle, z);
    expect(hit?.surface).toBe(surface);
    expect(hit?.distance).toBeCloseTo(distance, 10);
    expect(hit?.normal.x).toBeCloseTo(nx, 10);
    expect(hit?.normal.y).toBeCloseTo(ny, 10);
    expect(castDistance(map, ox, oy, angle, z)).toBeCloseTo(distance, 10);
  });

  it.each([
    ["above the fence, towards a side", 0, 0, Math.PI / 2, 0.5],
    ["backboard height, beside the board", 0, 1.0, 0, HIGH],
    ["outside the court, pointing away", 9, 0, 0, LOW],
  ])("misses the map: %s", (_what, ox, oy, angle, z) => {
    expect(castRay(map, { x: ox, y: oy }, angle, z)).toBeUndefined();
    expect(castDistance(map, ox, oy, angle, z)).toBe(Infinity);
  });
});

describe("castRay against an independent closed form (slab method on the fence rectangle)", () => {
  // Hoop parts below the beam height are invisible to a ray at LOW: poles 1 cm tall, board high.
  const fenceOnly = buildCourtMap({ ...map.spec, poleHeight: 0.01 });
  it("agrees on 500 random rays inside the court", () => {
    const rng = new SeededRandom(7);
    for (let i = 0; i < 500; i++) {
      const ox = (rng.uniform() - 0.5) * 14.8;
      const oy = (rng.uniform() - 0.5) * 7.8;
      const a = (rng.uniform() - 0.5) * 2 * Math.PI;
      const dx = Math.cos(a);
      const dy = Math.sin(a);
      const tx = dx > 0 ? (7.5 - ox) / dx : dx < 0 ? (-7.5 - ox) / dx : Infinity;
      const ty = dy > 0 ? (4 - oy) / dy : dy < 0 ? (-4 - oy) / dy : Infinity;
      expect(castRay(fenceOnly, { x: ox, y: oy }, a, LOW)?.distance).toBeCloseTo(Math.min(tx, ty), 9);
    }
  });
});

describe("predictRange: range from a pose and mount, and its Jacobian", () => {
  it.each([
    // pose, mount, expected range, d/dx, d/dy, d/dyaw (hand-computed)
    ["side sensor looking left", { x: 1, y: 0.5, yaw: 0 }, { x: 0.2, y: 0.1, z: LOW, yaw: Math.PI / 2 }, 3.4, 0, -1, -0.2],
    ["rear sensor looking back", { x: -2, y: 1, yaw: 0 }, { x: -0.3, y: -0.2, z: LOW, yaw: Math.PI }, 5.2, 1, 0, 0.2],
    ["forward beam on the backboard", { x: 2, y: 0.3, yaw: 0 }, { x: 0.1, y: 0, z: HIGH, yaw: 0 }, 4.2, -1, 0, 0],
    ["facing +y, forward sensor to the left fence", { x: 0, y: 1, yaw: Math.PI / 2 }, { x: 0.2, y: 0, z: LOW, yaw: 0 }, 2.8, 0, -1, 0],
  ])("%s", (_what, pose, mount, range, jx, jy, jyaw) => {
    const p = predictRange(map, pose, mount);
    expect(p?.distance).toBeCloseTo(range, 10);
    expect(p?.jacobian[0]).toBeCloseTo(jx, 10);
    expect(p?.jacobian[1]).toBeCloseTo(jy, 10);
    expect(p?.jacobian[2]).toBeCloseTo(jyaw, 10);
  });

  it("analytic Jacobian matches central differences over random poses, mounts and surfaces", () => {
    const rng = new SeededRandom(11);
    const h = 1e-6;
    let checked = 0;
    const surfaces = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const pose: Pose2 = { x: (rng.uniform() - 0.5) * 12, y: (rng.uniform() - 0.5) * 6, yaw: (rng.uniform() - 0.5) * 2 * Math.PI };
      const mount: SensorMount = { x: (rng.uniform() - 0.5) * 0.6, y: (rng.uniform() - 0.5) * 0.6, z: rng.uniform() < 0.5 ? LOW : HIGH, yaw: (rng.uniform() - 0.5) * 2 * Math.PI };
      const p = predictRange(map, pose, mount);
      if (p === undefined || p.incidenceCos < 0.2) continue;
      const numeric = [0, 1, 2].map((k) => {
        const plus = { ...pose, x: pose.x + (k === 0 ? h : 0), y: pose.y + (k === 1 ? h : 0), yaw: pose.yaw + (k === 2 ? h : 0) };
        const minus = { ...pose, x: pose.x - (k === 0 ? h : 0), y: pose.y - (k === 1 ? h : 0), yaw: pose.yaw - (k === 2 ? h : 0) };
        const a = predictRange(map, plus, mount);
        const b = predictRange(map, minus, mount);
        return a?.surface === p.surface && b?.surface === p.surface ? (a.distance - b.distance) / (2 * h) : undefined;
      });
      if (numeric.some((v) => v === undefined)) continue; // straddles an edge: no derivative there
      numeric.forEach((v, k) => {
        expect(Math.abs((v ?? 0) - (p.jacobian[k] ?? 0))).toBeLessThan(1e-5 * Math.max(1, Math.abs(v ?? 0)));
      });
      surfaces.add(p.surface);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
    expect(surfaces.has("pole") || surfaces.has("pole_2")).toBe(true);
    expect(surfaces.has("backboard") || surfaces.has("backboard_2")).toBe(true);
  });
});

describe("the in-place casts (RayCast): the same numbers as the ones that return objects", () => {
  // The searches and the filter reuse one RayCast per caller; it must give exactly what a fresh
  // result holds, hit after hit and after a miss.
  it("predictRangeInto equals predictRange, and castRayInto and castDistance equal castRay, bit for bit, with one RayCast reused", () => {
    const rng = new SeededRandom(5);
    const reused = new RayCast();
    let hits = 0;
    let misses = 0;
    for (let i = 0; i < 600; i++) {
      const pose: Pose2 = { x: (rng.uniform() - 0.5) * 16, y: (rng.uniform() - 0.5) * 9, yaw: (rng.uniform() - 0.5) * 2 * Math.PI };
      const z = [LOW, HIGH, 0.5][i % 3] ?? LOW;
      const mount: SensorMount = { x: (rng.uniform() - 0.5) * 0.6, y: (rng.uniform() - 0.5) * 0.6, z, yaw: (rng.uniform() - 0.5) * 2 * Math.PI, ...(i % 2 === 0 ? { sees: "lines" as const } : {}) };
      const expected = predictRange(map, pose, mount);
      const hit = predictRangeInto(map, pose, mount, reused);
      expect(hit).toBe(expected !== undefined);
      if (expected === undefined) {
        misses++;
      } else {
        hits++;
        expect({ distance: reused.distance, surface: reused.surface, normal: { x: reused.normalX, y: reused.normalY }, jacobian: [reused.dX, reused.dY, reused.dYaw], incidenceCos: reused.incidenceCos }).toEqual(expected);
      }
      const angle = pose.yaw + mount.yaw;
      const origin = { x: pose.x, y: pose.y };
      const ray = castRay(map, origin, angle, z);
      Object.assign(reused, { originX: origin.x, originY: origin.y, directionX: Math.cos(angle), directionY: Math.sin(angle), z });
      expect(castRayInto(map, "all", reused)).toBe(ray !== undefined);
      if (ray !== undefined) expect({ distance: reused.distance, surface: reused.surface, normal: { x: reused.normalX, y: reused.normalY } }).toEqual(ray);
      expect(castDistance(map, origin.x, origin.y, angle, z)).toBe(ray?.distance ?? Infinity);
    }
    expect(hits).toBeGreaterThan(200);
    expect(misses).toBeGreaterThan(20);
  });
});
