import { wrapAngle, type CourtSpec, type Pose2, type Vec2 } from "../../core/court/courtMap";
import type { SeededRandom } from "../../core/random/SeededRandom";
import { courtSurfaces } from "../SimCourt";
import { SimScene, type SimCircle, type SimSegment, type SimSurface } from "../SimScene";

/**
 * Seeded worlds that are not the court the robot's map describes, for the integrity benchmark
 * (issue 13 item 5): the chain must publish no target in any of them. Each is a set of SimScene
 * surfaces the simulator's sensor models cast into, a start pose for the robot and a goal it may
 * drive slowly to.
 *
 * - `room`: a rectangular room of 3-12 m sides, walls 2.4-3.2 m high, maybe a door, with
 *   cabinets, tables (legs below, top at 0.7 m) and poles;
 * - `corridor`: 1.5-3 m wide, 15-40 m long, doors along both sides, some opening into side rooms;
 * - `hall`: an empty sports hall larger than the court (26-34 x 18-24 m), no fence, a few columns;
 * - `moved_hoop`: the court itself, its target hoop (pole, backboard, rim, net) moved 1 m from
 *   where the map says, the robot in the start region.
 *
 * Frames: the court's for `moved_hoop`; the others' origin is their centre on the floor, x along
 * their length. Heights above the floor [m]; every random draw comes from the random source given.
 */
export type WorldKind = "room" | "corridor" | "hall" | "moved_hoop";

export const WORLD_KINDS: readonly WorldKind[] = ["room", "corridor", "hall", "moved_hoop"];

/** Poses with x in [xMin, xMax], y in [yMin, yMax] [m], heading within yawHalfWidth of yaw [rad]. */
export interface PoseRegion {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly yaw: number;
  readonly yawHalfWidth: number;
}

/** A door: a gap in a wall between `from` and `to` along it [m], and what lies behind. */
export interface CorridorDoor {
  /** Which wall: +1 left (y > 0), -1 right. */
  readonly side: 1 | -1;
  /** The gap's ends along x [m]. */
  readonly from: number;
  readonly to: number;
  /** The side room behind it: its depth from the corridor wall and its extent along x [m]; undefined: nothing behind (an open, dark space). */
  readonly room?: { readonly depth: number; readonly from: number; readonly to: number };
}

/** What each kind of world is made of, for tests and notes. */
export type WorldLayout =
  | { readonly kind: "room"; readonly length: number; readonly width: number; readonly furniture: number; readonly door: boolean }
  | { readonly kind: "corridor"; readonly length: number; readonly width: number; readonly doors: readonly CorridorDoor[]; readonly openEnd: boolean }
  | { readonly kind: "hall"; readonly length: number; readonly width: number; readonly columns: number }
  /** The target hoop's offset from the map [m]. */
  | { readonly kind: "moved_hoop"; readonly offset: Vec2 };

export interface GeneratedWorld {
  readonly kind: WorldKind;
  readonly scene: SimScene;
  /** The robot's start pose (base_link on the floor) [m, rad]. */
  readonly start: Pose2;
  /** A pose within `goalDistance` of the start with a clear straight path from it; the start when none was found. */
  readonly goal: Pose2;
  readonly layout: WorldLayout;
  /** One line for a report: kind and sizes. */
  readonly description: string;
}

export interface WorldGeneratorOptions {
  /** The court the robot's map describes (moved_hoop is built on it; the hall is larger than it). */
  readonly court: CourtSpec;
  /** Where a moved_hoop robot starts: the estimator's start region. */
  readonly startRegion: PoseRegion;
  /** Least distance from the robot's centre to any surface below `obstacleHeight` [m]. Default 0.4. */
  readonly clearance?: number;
  /** Farthest goal from the start [m]. Default 1. */
  readonly goalDistance?: number;
}

/** Surfaces whose lower edge is below this [m] stop the robot (a table top does, a backboard does not). */
const OBSTACLE_HEIGHT = 1.2;
/** Default least distance from the robot's centre to an obstacle [m]: a 0.35 m robot and a margin. */
const DEFAULT_CLEARANCE = 0.4;
/** A drawn pose that fails the clearance test is drawn again this many times before giving up. */
const PLACEMENT_ATTEMPTS = 2000;

/** One world of `kind`, every draw from `random` (the same seed gives the same world). */
export function generateWorld(kind: WorldKind, random: SeededRandom, options: WorldGeneratorOptions): GeneratedWorld {
  switch (kind) {
    case "room":
      return roomWorld(random, options);
    case "corridor":
      return corridorWorld(random, options);
    case "hall":
      return hallWorld(random, options);
    case "moved_hoop":
      return movedHoopWorld(random, options);
    default: {
      const unknown: never = kind;
      throw new Error(`unknown world kind ${String(unknown)}`);
    }
  }
}

// ---------------------------------------------------------------- kinds

function roomWorld(random: SeededRandom, o: WorldGeneratorOptions): GeneratedWorld {
  const length = random.between(3, 12);
  const width = random.between(3, 12);
  const height = random.between(2.4, 3.2);
  const door = random.uniform() < 0.5;
  const surfaces: SimSurface[] = [];
  const hx = length / 2;
  const hy = width / 2;
  // Walls counter-clockwise from the right one; a door (0.8-1 m) in one of them when drawn.
  const corners = rectangleCorners(hx, hy);
  const doorWall = door ? Math.floor(random.uniform() * 4) : -1;
  corners.forEach((a, i) => {
    const b = corners[(i + 1) % 4] ?? a;
    if (i !== doorWall) {
      surfaces.push(wall(`wall_${i}`, a, b, height));
      return;
    }
    const wallLength = Math.hypot(b.x - a.x, b.y - a.y);
    const doorWidth = random.between(0.8, 1.0);
    const at = random.between(0.3, wallLength - doorWidth - 0.3);
    const along = (s: number): Vec2 => ({ x: a.x + ((b.x - a.x) * s) / wallLength, y: a.y + ((b.y - a.y) * s) / wallLength });
    surfaces.push(wall(`wall_${i}_a`, a, along(at), height), wall(`wall_${i}_b`, along(at + doorWidth), b, height));
  });
  const furniture = Math.floor(random.between(0, 7));
  for (let k = 0; k < furniture; k++) surfaces.push(...furniturePiece(`furniture_${k}`, random, hx, hy));
  const area = { xMin: -hx, xMax: hx, yMin: -hy, yMax: hy, yaw: 0, yawHalfWidth: Math.PI };
  return finish(random, o, "room", surfaces, area, { kind: "room", length, width, furniture, door }, `room ${length.toFixed(1)} x ${width.toFixed(1)} m, ${furniture} pieces of furniture${door ? ", a door" : ""}`);
}

function corridorWorld(random: SeededRandom, o: WorldGeneratorOptions): GeneratedWorld {
  const width = random.between(1.5, 3);
  const length = random.between(15, 40);
  const height = random.between(2.5, 3.5);
  const hx = length / 2;
  const hy = width / 2;
  const surfaces: SimSurface[] = [];
  const doors: CorridorDoor[] = [];
  for (const side of [1, -1] as const) {
    const sideName = side === 1 ? "left" : "right";
    const name = `corridor_wall_${sideName}`;
    let x = -hx;
    let part = 0;
    // Doors 0.8-1.2 m wide, 2-8 m apart; half of them open into a side room 2.5-5 m deep.
    for (let doorAt = -hx + random.between(1, 6); doorAt + 1.2 < hx - 0.5; doorAt += random.between(2, 8)) {
      const to = doorAt + random.between(0.8, 1.2);
      surfaces.push(wall(`${name}_${part++}`, { x, y: side * hy }, { x: doorAt, y: side * hy }, height));
      const room = random.uniform() < 0.5 ? { depth: random.between(2.5, 5), from: doorAt - random.between(1, 2), to: to + random.between(1, 2) } : undefined;
      if (room !== undefined) {
        // The side room: 1-2 m either side of the door, closed behind.
        const back = side * (hy + room.depth);
        surfaces.push(
          wall(`side_room_${sideName}_${part}_near`, { x: room.from, y: side * hy }, { x: room.from, y: back }, height),
          wall(`side_room_${sideName}_${part}_back`, { x: room.from, y: back }, { x: room.to, y: back }, height),
          wall(`side_room_${sideName}_${part}_far`, { x: room.to, y: back }, { x: room.to, y: side * hy }, height),
        );
      }
      doors.push({ side, from: doorAt, to, ...(room === undefined ? {} : { room }) });
      x = to;
    }
    surfaces.push(wall(`${name}_${part}`, { x, y: side * hy }, { x: hx, y: side * hy }, height));
  }
  const openEnd = random.uniform() < 0.3;
  surfaces.push(wall("corridor_end_near", { x: -hx, y: hy }, { x: -hx, y: -hy }, height));
  if (!openEnd) surfaces.push(wall("corridor_end_far", { x: hx, y: -hy }, { x: hx, y: hy }, height));
  const area = { xMin: -hx, xMax: hx, yMin: -hy, yMax: hy, yaw: 0, yawHalfWidth: Math.PI };
  return finish(
    random,
    o,
    "corridor",
    surfaces,
    area,
    { kind: "corridor", length, width, doors, openEnd },
    `corridor ${length.toFixed(1)} x ${width.toFixed(2)} m, ${doors.length} doors (${doors.filter((d) => d.room !== undefined).length} into side rooms)${openEnd ? ", one end open" : ""}`,
  );
}

function hallWorld(random: SeededRandom, o: WorldGeneratorOptions): GeneratedWorld {
  const length = random.between(Math.max(26, o.court.length + 4), 34);
  const width = random.between(Math.max(18, o.court.width + 4), 24);
  const height = random.between(6, 10);
  const hx = length / 2;
  const hy = width / 2;
  const corners = rectangleCorners(hx, hy);
  const surfaces: SimSurface[] = corners.map((a, i) => wall(`hall_wall_${i}`, a, corners[(i + 1) % 4] ?? a, height));
  const columns = Math.floor(random.between(0, 5));
  for (let k = 0; k < columns; k++) {
    surfaces.push(pole(`column_${k}`, random.between(-hx + 1, hx - 1), random.between(-hy + 1, hy - 1), random.between(0.15, 0.4), height));
  }
  const area = { xMin: -hx, xMax: hx, yMin: -hy, yMax: hy, yaw: 0, yawHalfWidth: Math.PI };
  return finish(random, o, "hall", surfaces, area, { kind: "hall", length, width, columns }, `empty hall ${length.toFixed(1)} x ${width.toFixed(1)} m, no fence, ${columns} columns`);
}

/** The names SimCourt gives the target hoop's surfaces (the second hoop's carry `_2`). */
const TARGET_HOOP_SURFACES: ReadonlySet<string> = new Set(["backboard", "pole", "rim", "net"]);
/** How far the moved_hoop world moves the target hoop from the map [m]. */
export const HOOP_MOVE_DISTANCE = 1;

function movedHoopWorld(random: SeededRandom, o: WorldGeneratorOptions): GeneratedWorld {
  const spec = o.court;
  const hx = spec.length / 2;
  const hy = spec.width / 2;
  // A direction that keeps the pole and the board inside the fence.
  let offset: Vec2 | undefined;
  for (let attempt = 0; attempt < PLACEMENT_ATTEMPTS && offset === undefined; attempt++) {
    const angle = random.between(-Math.PI, Math.PI);
    const candidate = { x: HOOP_MOVE_DISTANCE * Math.cos(angle), y: HOOP_MOVE_DISTANCE * Math.sin(angle) };
    const inside = (x: number, y: number, margin: number): boolean => Math.abs(x) <= hx - margin && Math.abs(y) <= hy - margin;
    const boardX = spec.hoopX - spec.backboardOffset * Math.cos(spec.hoopFacing) + candidate.x;
    const boardY = spec.hoopY - spec.backboardOffset * Math.sin(spec.hoopFacing) + candidate.y;
    if (inside(spec.poleX + candidate.x, spec.poleY + candidate.y, spec.poleRadius + 0.05) && inside(boardX, boardY + spec.backboardWidth / 2, 0) && inside(boardX, boardY - spec.backboardWidth / 2, 0)) {
      offset = candidate;
    }
  }
  if (offset === undefined) throw new Error("moved_hoop: no direction keeps the moved hoop inside the fence");
  const moved = offset;
  const surfaces = courtSurfaces(spec).map((s) => (TARGET_HOOP_SURFACES.has(s.name) ? shifted(s, moved) : s));
  const description = `the court, its hoop moved (${moved.x.toFixed(2)}, ${moved.y.toFixed(2)}) m from the map`;
  return finish(random, o, "moved_hoop", surfaces, o.startRegion, { kind: "moved_hoop", offset: moved }, description);
}

// ---------------------------------------------------------------- pieces

function wall(name: string, a: Vec2, b: Vec2, height: number): SimSegment {
  return { kind: "segment", name, ax: a.x, ay: a.y, bx: b.x, by: b.y, zMin: 0, zMax: height, reflectivity: 1 };
}

function pole(name: string, cx: number, cy: number, radius: number, height: number): SimCircle {
  return { kind: "circle", name, cx, cy, radius, zMin: 0, zMax: height, reflectivity: 1, hollow: false };
}

/** The four sides of a box (w x d [m], centre, heading) from zMin to zMax. */
function box(name: string, centre: Vec2, yaw: number, w: number, d: number, zMin: number, zMax: number): SimSegment[] {
  const corners = boxCorners(centre, yaw, w, d);
  return corners.map((a, i) => {
    const b = corners[(i + 1) % 4] ?? a;
    return { kind: "segment", name: `${name}_side_${i}`, ax: a.x, ay: a.y, bx: b.x, by: b.y, zMin, zMax, reflectivity: 1 };
  });
}

function boxCorners(centre: Vec2, yaw: number, w: number, d: number): Vec2[] {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [
    [w / 2, d / 2],
    [-w / 2, d / 2],
    [-w / 2, -d / 2],
    [w / 2, -d / 2],
  ].map(([u = 0, v = 0]) => ({ x: centre.x + c * u - s * v, y: centre.y + s * u + c * v }));
}

/** A cabinet or sofa (a solid box), a table (four legs, a top at 0.7-0.76 m) or a pole, inside |x| <= hx, |y| <= hy. */
function furniturePiece(name: string, random: SeededRandom, hx: number, hy: number): SimSurface[] {
  const kind = random.uniform();
  // Mostly square to the walls, as furniture stands.
  const yaw = random.uniform() < 0.7 ? Math.floor(random.uniform() * 4) * (Math.PI / 2) : random.between(-Math.PI, Math.PI);
  const centre = { x: random.between(-hx + 0.3, hx - 0.3), y: random.between(-hy + 0.3, hy - 0.3) };
  if (kind < 0.4) {
    return box(`${name}_cabinet`, centre, yaw, random.between(0.6, 2.0), random.between(0.4, 0.9), 0, random.between(0.5, 2.0));
  }
  if (kind < 0.75) {
    const w = random.between(0.8, 1.8);
    const d = random.between(0.6, 1.0);
    const top = random.between(0.7, 0.76);
    const legRadius = random.between(0.015, 0.03);
    const legs = boxCorners(centre, yaw, w - 0.1, d - 0.1).map((leg, i) => pole(`${name}_table_leg_${i}`, leg.x, leg.y, legRadius, top));
    return [...legs, ...box(`${name}_table_top`, centre, yaw, w, d, top - 0.04, top)];
  }
  return [pole(`${name}_pole`, centre.x, centre.y, random.between(0.03, 0.3), random.between(0.3, 3))];
}

function shifted(surface: SimSurface, by: Vec2): SimSurface {
  return surface.kind === "segment"
    ? { ...surface, ax: surface.ax + by.x, ay: surface.ay + by.y, bx: surface.bx + by.x, by: surface.by + by.y }
    : { ...surface, cx: surface.cx + by.x, cy: surface.cy + by.y };
}

// ---------------------------------------------------------------- placement

/** Distance [m] from (x, y) to a surface's footprint on the floor (0 inside a pole). */
export function distanceToSurface(surface: SimSurface, x: number, y: number): number {
  if (surface.kind === "circle") return Math.max(0, Math.hypot(x - surface.cx, y - surface.cy) - surface.radius);
  const ex = surface.bx - surface.ax;
  const ey = surface.by - surface.ay;
  const t = Math.min(1, Math.max(0, ((x - surface.ax) * ex + (y - surface.ay) * ey) / (ex * ex + ey * ey)));
  return Math.hypot(x - (surface.ax + t * ex), y - (surface.ay + t * ey));
}

/** Whether (x, y) is inside a closed box of segments named `<piece>_side_<i>` (a cabinet, a table top). */
function insideBoxes(surfaces: readonly SimSurface[], x: number, y: number): boolean {
  const boxes = new Map<string, SimSegment[]>();
  for (const s of surfaces) {
    const match = s.kind === "segment" ? /^(.*)_side_\d$/.exec(s.name) : null;
    if (s.kind !== "segment" || match === null) continue;
    const key = match[1] ?? "";
    boxes.set(key, [...(boxes.get(key) ?? []), s]);
  }
  for (const sides of boxes.values()) {
    // Inside a convex polygon listed counter-clockwise: left of every side.
    if (sides.every((s) => (s.bx - s.ax) * (y - s.ay) - (s.by - s.ay) * (x - s.ax) >= 0)) return true;
  }
  return false;
}

/** A pose at least `clearance` from every low surface and outside every box: free for the robot. */
function isFree(obstacles: readonly SimSurface[], x: number, y: number, clearance: number): boolean {
  return obstacles.every((s) => distanceToSurface(s, x, y) >= clearance) && !insideBoxes(obstacles, x, y);
}

/** A pose in `region` at least `clearance` [m] from every low surface of `scene` (a start on the court). */
export function drawFreePose(random: SeededRandom, region: PoseRegion, scene: SimScene, clearance = DEFAULT_CLEARANCE): Pose2 {
  const obstacles = scene.surfaces.filter((s) => s.zMin < OBSTACLE_HEIGHT);
  return placePose(random, region, (x, y) => isFree(obstacles, x, y, clearance), "drawFreePose");
}

/** Picks the start in `area` and a goal near it; builds the scene. */
function finish(random: SeededRandom, o: WorldGeneratorOptions, kind: WorldKind, surfaces: SimSurface[], area: PoseRegion, layout: WorldLayout, description: string): GeneratedWorld {
  const clearance = o.clearance ?? DEFAULT_CLEARANCE;
  const obstacles = surfaces.filter((s) => s.zMin < OBSTACLE_HEIGHT);
  const start = placePose(random, area, (x, y) => isFree(obstacles, x, y, clearance), kind);
  const goal = nearbyGoal(random, start, o.goalDistance ?? 1, (x, y) => isFree(obstacles, x, y, clearance));
  return { kind, scene: new SimScene(surfaces), start, goal, layout, description };
}

function placePose(random: SeededRandom, area: PoseRegion, free: (x: number, y: number) => boolean, what: string): Pose2 {
  for (let attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
    const x = random.between(area.xMin, area.xMax);
    const y = random.between(area.yMin, area.yMax);
    if (free(x, y)) return { x, y, yaw: wrapAngle(area.yaw + random.between(-area.yawHalfWidth, area.yawHalfWidth)) };
  }
  throw new Error(`${what}: no free pose in ${PLACEMENT_ATTEMPTS} draws`);
}

/** A goal 0.3 m to `distance` from the start, turned up to 0.5 rad, with every point of the straight path free. */
function nearbyGoal(random: SeededRandom, start: Pose2, distance: number, free: (x: number, y: number) => boolean): Pose2 {
  for (let attempt = 0; attempt < 200; attempt++) {
    const heading = random.between(-Math.PI, Math.PI);
    const d = random.between(Math.min(0.3, distance), distance);
    const goal = { x: start.x + d * Math.cos(heading), y: start.y + d * Math.sin(heading), yaw: wrapAngle(start.yaw + random.between(-0.5, 0.5)) };
    let clear = true;
    for (let s = 0.05; s <= d && clear; s += 0.05) clear = free(start.x + s * Math.cos(heading), start.y + s * Math.sin(heading));
    if (clear && free(goal.x, goal.y)) return goal;
  }
  return start;
}

/** The corners of a rectangle centred on the origin with half-sides hx, hy [m], counter-clockwise from (-hx, -hy). */
function rectangleCorners(hx: number, hy: number): Vec2[] {
  return [
    { x: -hx, y: -hy },
    { x: hx, y: -hy },
    { x: hx, y: hy },
    { x: -hx, y: hy },
  ];
}
