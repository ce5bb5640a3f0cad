/**
 * The court as data: fence, hoop, backboard and pole, and the 2D surfaces a horizontal laser ray can
 * hit. Built from plain numbers (see courtSchema.ts for the parameters and their defaults).
 *
 * Court frame `map` (REP-103, REP-105): origin at the centre of the court on the floor, x along the
 * length towards the target hoop's end, y to the left, z up. The fence's inner faces are the court
 * rectangle |x| <= length / 2, |y| <= width / 2, so the fence is what a laser measures to.
 */

export interface Vec2 {
  readonly x: number;
  readonly y: number;
}

/** A planar pose: position [m] and heading [rad] about z. */
export interface Pose2 {
  readonly x: number;
  readonly y: number;
  readonly yaw: number;
}

/** Numbers that define a court; every field is a parameter (courtSchema.ts). */
export interface CourtSpec {
  /** Inner length of the fence along x [m]. */
  readonly length: number;
  /** Inner width of the fence along y [m]. */
  readonly width: number;
  /** Fence height above the floor [m]: a ray mounted higher passes over it. */
  readonly fenceHeight: number;
  /** Fence thickness, outwards from the inner face [m]. */
  readonly fenceThickness: number;
  /** Rim centre in the court frame [m]. */
  readonly hoopX: number;
  readonly hoopY: number;
  /** Direction the backboard faces, from the board towards the rim [rad]. */
  readonly hoopFacing: number;
  /** Rim height above the floor [m]. */
  readonly rimHeight: number;
  /** Rim inner diameter [m]. */
  readonly rimInnerDiameter: number;
  /** Backboard width (horizontal) and height [m]. */
  readonly backboardWidth: number;
  readonly backboardHeight: number;
  /** Height of the backboard's lower edge above the floor [m]. */
  readonly backboardBottomHeight: number;
  /** Horizontal distance from the board face to the rim centre [m]. */
  readonly backboardOffset: number;
  /** Pole (the hoop's support) centre [m], radius [m] and height [m]. */
  readonly poleX: number;
  readonly poleY: number;
  readonly poleRadius: number;
  readonly poleHeight: number;
  /** A second hoop, board and pole, point-mirrored about the court centre (the opponents' end). */
  readonly secondHoop: boolean;
}

/** A surface a ray can hit, with the height band [m] it occupies above the floor. */
export type Surface =
  | { readonly kind: "segment"; readonly name: string; readonly a: Vec2; readonly b: Vec2; readonly zMin: number; readonly zMax: number }
  | { readonly kind: "circle"; readonly name: string; readonly centre: Vec2; readonly radius: number; readonly zMin: number; readonly zMax: number };

/** A point feature a scan can detect (a pole centre), for range-and-bearing updates. */
export interface Landmark {
  readonly name: string;
  readonly position: Vec2;
}

export interface CourtMap {
  readonly spec: CourtSpec;
  /** The target rim centre [m] (x, y) and its height [m]. */
  readonly hoop: Vec2;
  readonly rimHeight: number;
  /** Fence inner faces, in order round the court (a closed polygon). */
  readonly fence: readonly Surface[];
  /** Every surface a ray may hit: fence, backboards, poles. */
  readonly surfaces: readonly Surface[];
  /** Target hoop's pole first, then the second hoop's pole if any. */
  readonly landmarks: readonly Landmark[];
}

/** The pose a 180 degree turn about the court centre gives: the twin of a rectangle's symmetry. */
export function symmetricTwin(pose: Pose2): Pose2 {
  return { x: -pose.x, y: -pose.y, yaw: wrapAngle(pose.yaw + Math.PI) };
}

/** Angle wrapped to [-pi, pi) [rad]. */
export function wrapAngle(angle: number): number {
  const twoPi = 2 * Math.PI;
  return angle - twoPi * Math.floor((angle + Math.PI) / twoPi);
}

/** Builds the map's surfaces from a spec and validates it; throws naming the offending value. */
export function buildCourtMap(spec: CourtSpec): CourtMap {
  validateSpec(spec);
  const hx = spec.length / 2;
  const hy = spec.width / 2;
  const corners: Vec2[] = [
    { x: -hx, y: -hy },
    { x: hx, y: -hy },
    { x: hx, y: hy },
    { x: -hx, y: hy },
  ];
  const fenceNames = ["fence_right", "fence_far", "fence_left", "fence_near"];
  const fence: Surface[] = corners.map((a, i) => ({
    kind: "segment",
    name: fenceNames[i] ?? `fence_${i}`,
    a,
    b: corners[(i + 1) % corners.length] ?? a,
    zMin: 0,
    zMax: spec.fenceHeight,
  }));
  validateClosedFence(fence);

  const surfaces: Surface[] = [...fence, ...hoopSurfaces(spec, 1, "")];
  const landmarks: Landmark[] = [{ name: "pole", position: { x: spec.poleX, y: spec.poleY } }];
  if (spec.secondHoop) {
    surfaces.push(...hoopSurfaces(spec, -1, "_2"));
    landmarks.push({ name: "pole_2", position: { x: -spec.poleX, y: -spec.poleY } });
  }
  return { spec, hoop: { x: spec.hoopX, y: spec.hoopY }, rimHeight: spec.rimHeight, fence, surfaces, landmarks };
}

/** Backboard and pole of one hoop; `sign` -1 mirrors them through the court centre. */
function hoopSurfaces(spec: CourtSpec, sign: 1 | -1, suffix: string): Surface[] {
  const fx = Math.cos(spec.hoopFacing);
  const fy = Math.sin(spec.hoopFacing);
  // The board face lies behind the rim, against the facing direction.
  const cx = spec.hoopX - spec.backboardOffset * fx;
  const cy = spec.hoopY - spec.backboardOffset * fy;
  const half = spec.backboardWidth / 2;
  const board: Surface = {
    kind: "segment",
    name: `backboard${suffix}`,
    a: { x: sign * (cx - half * fy), y: sign * (cy + half * fx) },
    b: { x: sign * (cx + half * fy), y: sign * (cy - half * fx) },
    zMin: spec.backboardBottomHeight,
    zMax: spec.backboardBottomHeight + spec.backboardHeight,
  };
  const pole: Surface = {
    kind: "circle",
    name: `pole${suffix}`,
    centre: { x: sign * spec.poleX, y: sign * spec.poleY },
    radius: spec.poleRadius,
    zMin: 0,
    zMax: spec.poleHeight,
  };
  return [board, pole];
}

/** Throws unless consecutive fence segments share their end points and enclose a positive area. */
export function validateClosedFence(fence: readonly Surface[]): void {
  if (fence.length < 3) {
    throw new Error(`the fence needs at least 3 segments to be closed, got ${fence.length}`);
  }
  let area2 = 0;
  for (let i = 0; i < fence.length; i++) {
    const s = fence[i];
    const next = fence[(i + 1) % fence.length];
    if (s?.kind !== "segment" || next?.kind !== "segment") {
      throw new Error(`fence element ${i} must be a segment`);
    }
    const gap = Math.hypot(s.b.x - next.a.x, s.b.y - next.a.y);
    if (!(gap <= 1e-9)) {
      throw new Error(`the fence is not closed: ${s.name} ends ${gap} m away from where ${next.name} starts`);
    }
    area2 += s.a.x * s.b.y - s.b.x * s.a.y;
  }
  if (!(area2 > 0)) {
    throw new Error(`the fence must enclose a positive area counter-clockwise, got signed area ${area2 / 2} m^2`);
  }
}

/** The numeric fields of CourtSpec (every field but secondHoop). */
export type CourtSpecNumber = { [F in keyof CourtSpec]: CourtSpec[F] extends number ? F : never }[keyof CourtSpec];

/**
 * Each numeric field's parameter name and what it must be: a size (finite, > 0) or a coordinate
 * (finite). The one mapping between CourtSpec and the `court.*` parameters: validateSpec and
 * courtMapFromParameters both read it, and its type makes it name every field.
 */
export const COURT_SPEC_PARAMETERS: { readonly [F in CourtSpecNumber]: { readonly key: string; readonly kind: "size" | "coordinate" } } = {
  length: { key: "court.length", kind: "size" },
  width: { key: "court.width", kind: "size" },
  fenceHeight: { key: "court.fence.height", kind: "size" },
  fenceThickness: { key: "court.fence.thickness", kind: "size" },
  hoopX: { key: "court.hoop.x", kind: "coordinate" },
  hoopY: { key: "court.hoop.y", kind: "coordinate" },
  hoopFacing: { key: "court.hoop.facing", kind: "coordinate" },
  rimHeight: { key: "court.hoop.rim_height", kind: "size" },
  rimInnerDiameter: { key: "court.hoop.rim_inner_diameter", kind: "size" },
  backboardWidth: { key: "court.backboard.width", kind: "size" },
  backboardHeight: { key: "court.backboard.height", kind: "size" },
  backboardBottomHeight: { key: "court.backboard.bottom_height", kind: "coordinate" },
  backboardOffset: { key: "court.backboard.offset", kind: "coordinate" },
  poleX: { key: "court.pole.x", kind: "coordinate" },
  poleY: { key: "court.pole.y", kind: "coordinate" },
  poleRadius: { key: "court.pole.radius", kind: "size" },
  poleHeight: { key: "court.pole.height", kind: "size" },
};

/** The numeric fields in COURT_SPEC_PARAMETERS' order. */
export function courtSpecNumbers(): CourtSpecNumber[] {
  // Object.keys types its result as string[]; the table's type guarantees these are the fields.
  return Object.keys(COURT_SPEC_PARAMETERS) as CourtSpecNumber[];
}

function validateSpec(s: CourtSpec): void {
  for (const field of courtSpecNumbers()) {
    const { key, kind } = COURT_SPEC_PARAMETERS[field];
    const value = s[field];
    if (kind === "size" && !(Number.isFinite(value) && value > 0)) {
      throw new Error(`${key} must be a positive finite size, got ${value}`);
    }
    if (kind === "coordinate" && !Number.isFinite(value)) {
      throw new Error(`${key} must be a finite number, got ${value}`);
    }
  }
  if (!(s.backboardOffset >= 0)) {
    throw new Error(`court.backboard.offset must be >= 0 (the rim is in front of the board), got ${s.backboardOffset}`);
  }
  if (!(s.backboardBottomHeight >= 0)) {
    throw new Error(`court.backboard.bottom_height must be >= 0, got ${s.backboardBottomHeight}`);
  }
  if (!(Math.abs(s.hoopX) < s.length / 2)) {
    throw new Error(`court.hoop.x = ${s.hoopX} puts the hoop outside the court (|x| must be < court.length / 2 = ${s.length / 2})`);
  }
  if (!(Math.abs(s.hoopY) < s.width / 2)) {
    throw new Error(`court.hoop.y = ${s.hoopY} puts the hoop outside the court (|y| must be < court.width / 2 = ${s.width / 2})`);
  }
  if (s.secondHoop && Math.hypot(s.hoopX, s.hoopY) < s.rimInnerDiameter) {
    throw new Error(`court.second_hoop needs the hoop away from the court centre, got court.hoop.x = ${s.hoopX}, court.hoop.y = ${s.hoopY}`);
  }
}
