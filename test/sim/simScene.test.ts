import { courtMapFromParameters } from "../../src/core/court/courtSchema";
import { SeededRandom } from "../../src/core/random/SeededRandom";
import { courtSurfaces } from "../../src/sim/SimCourt";
import { SimScene, type RayHit, type SimSurface } from "../../src/sim/SimScene";

/**
 * The reference: SimScene's cast as it was before its surfaces were compiled to a table (commit
 * f61c1a9), one closure per ray over the surface objects. The compiled caster claims the same
 * numbers bit for bit and the same draws from `uniform`, so the comparisons below are exact.
 */
function referenceCast(surfaces: readonly SimSurface[], x: number, y: number, z: number, azimuth: number, elevation = 0, uniform?: () => number): RayHit {
  const dx = Math.cos(azimuth);
  const dy = Math.sin(azimuth);
  const slope = Math.tan(elevation);
  const cosEl = Math.cos(elevation);
  let best = Infinity;
  let name = "";
  const consider = (s: number, surface: SimSurface): void => {
    if (!(s > 1e-9 && s < best)) return;
    const h = z + s * slope;
    if (h < surface.zMin || h > surface.zMax) return;
    if (surface.reflectivity < 1 && uniform !== undefined && uniform() >= surface.reflectivity) return;
    best = s;
    name = surface.name;
  };
  for (const surface of surfaces) {
    if (elevation === 0 && (z < surface.zMin || z > surface.zMax)) continue;
    if (surface.kind === "segment") {
      const ex = surface.bx - surface.ax;
      const ey = surface.by - surface.ay;
      const det = dx * -ey - dy * -ex;
      if (Math.abs(det) < 1e-12) continue;
      const rx = surface.ax - x;
      const ry = surface.ay - y;
      const s = (rx * -ey - ry * -ex) / det;
      const t = (dx * ry - dy * rx) / det;
      if (t >= 0 && t <= 1) consider(s, surface);
    } else {
      const ox = x - surface.cx;
      const oy = y - surface.cy;
      const b = ox * dx + oy * dy;
      const c = ox * ox + oy * oy - surface.radius * surface.radius;
      const disc = b * b - c;
      if (disc < 0) continue;
      const root = Math.sqrt(disc);
      consider(-b - root, surface);
      if (surface.hollow) consider(-b + root, surface);
    }
  }
  if (elevation < 0 && z > 0) {
    const s = z / -slope;
    if (s < best) {
      best = s;
      name = "floor";
    }
  }
  return Number.isFinite(best) ? { range: best / cosEl, surface: name } : { range: Infinity, surface: "" };
}

const spec = courtMapFromParameters({}).spec;
const surfaces = courtSurfaces(spec);
const hoopX = spec.hoopX;

// Origins on the court (x, y, z [m]) and ray elevations [rad]: a laser under the fence top, one
// over it, the lidar's height, the rim's and the net's heights (porous), and rays tilted down to the
// floor or up into the backboard.
const ORIGINS: readonly { name: string; x: number; y: number; z: number; elevation: number }[] = [
  { name: "low laser, level", x: 0, y: 0, z: 0.05, elevation: 0 },
  { name: "above the fence, level", x: 1, y: -1, z: 0.3, elevation: 0 },
  { name: "at rim height, level, before the hoop", x: hoopX - 1.5, y: 0.1, z: spec.rimHeight, elevation: 0 },
  { name: "in the net band, level", x: hoopX - 2, y: -0.05, z: spec.rimHeight - 0.2, elevation: 0 },
  { name: "tilted down to the floor", x: -2, y: 1, z: 0.4, elevation: -0.05 },
  { name: "tilted up at the board", x: hoopX - 3, y: 0, z: 1, elevation: 0.3 },
];
const RAYS_PER_ORIGIN = 720;

describe("SimScene's compiled caster against the reference caster", () => {
  it.each(ORIGINS)("$name: cast, castRange and castLevelFan give the reference's range, surface and draws", ({ x, y, z, elevation }) => {
    const scene = new SimScene(surfaces);
    const azimuths = new SeededRandom(11);
    const ours = new SeededRandom(5);
    const theirs = new SeededRandom(5);
    const surfacesHit = new Set<string>();
    for (let i = 0; i < RAYS_PER_ORIGIN; i++) {
      const azimuth = azimuths.between(-Math.PI, Math.PI);
      const expected = referenceCast(surfaces, x, y, z, azimuth, elevation, () => theirs.uniform());
      const hit = scene.cast(x, y, z, azimuth, elevation, () => ours.uniform());
      expect(hit).toEqual(expected);
      // No uniform source: every surface returns, castRange alone.
      expect(scene.castRange(x, y, z, azimuth, elevation)).toBe(referenceCast(surfaces, x, y, z, azimuth, elevation).range);
      surfacesHit.add(expected.surface);
    }
    // As many draws on both sides: the next one is the same.
    expect(ours.uniform()).toBe(theirs.uniform());
    // The rays reach more than one surface (the comparison is not all misses).
    expect(surfacesHit.size).toBeGreaterThan(1);
    if (elevation === 0) {
      const start = 0.3;
      const increment = (2 * Math.PI) / 450;
      const fan = new Float64Array(450);
      scene.castLevelFan(x, y, z, start, increment, fan.length, fan);
      fan.forEach((range, i) => expect(range).toBe(referenceCast(surfaces, x, y, z, start + i * increment).range));
    }
  });

  it("level rays at more heights than the candidate cache holds, then back at the first, still match the reference", () => {
    const scene = new SimScene(surfaces);
    const heights = Array.from({ length: 40 }, (_, i) => 0.02 + i * 0.07);
    for (const z of [...heights, ...heights.slice(0, 5)]) {
      for (let k = 0; k < 36; k++) {
        const azimuth = (k * Math.PI) / 18;
        expect(scene.castRange(0.5, 0.2, z, azimuth)).toBe(referenceCast(surfaces, 0.5, 0.2, z, azimuth).range);
      }
    }
  });
});
