import type { Pose2 } from "../../../src/core/court/courtMap";
import { advanceByTwist, advanceByTwistInto, composePoses, composePosesInto, invertPose, invertPoseInto, RobotTransformKeeper } from "../../../src/core/estimation/robotTransform";
import type { BodyTwist } from "../../../src/core/estimation/poseEkf";

/** The pose as a homogeneous 3x3 matrix (row-major): the reference composePoses and invertPose are checked against. */
function matrix(p: Pose2): number[] {
  const c = Math.cos(p.yaw);
  const s = Math.sin(p.yaw);
  return [c, -s, p.x, s, c, p.y, 0, 0, 1];
}
function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return out;
}
function expectSameTransform(actual: Pose2, expected: readonly number[], tolerance = 1e-12): void {
  const m = matrix(actual);
  for (let i = 0; i < 9; i++) expect(Math.abs((m[i] ?? 0) - (expected[i] ?? 0))).toBeLessThan(tolerance);
}

const POSES: Pose2[] = [
  { x: 0, y: 0, yaw: 0 },
  { x: 1.5, y: -2.25, yaw: 0.3 },
  { x: -4, y: 3.5, yaw: 3.1 },
  { x: 0.2, y: 0.1, yaw: -2.9 },
];

describe("composePoses / invertPose", () => {
  it.each(POSES.flatMap((a) => POSES.map((b) => ({ a, b }))))("($a.x, $a.y, $a.yaw) then ($b.x, $b.y, $b.yaw) is the matrix product", ({ a, b }) => {
    expectSameTransform(composePoses(a, b), multiply(matrix(a), matrix(b)));
    expect(Math.abs(composePoses(a, b).yaw)).toBeLessThanOrEqual(Math.PI);
  });

  it.each(POSES)("the inverse of (%o) composes to the identity on both sides", (p) => {
    expectSameTransform(composePoses(p, invertPose(p)), matrix({ x: 0, y: 0, yaw: 0 }));
    expectSameTransform(composePoses(invertPose(p), p), matrix({ x: 0, y: 0, yaw: 0 }));
  });
});

describe("the forms that write into an object", () => {
  // The keeper writes each result into an object it owns, sometimes one of the inputs: the inputs are read before anything is written.
  it.each(POSES)("give the same numbers with the output being an input (%o)", (p) => {
    const other = { x: -1.5, y: 0.25, yaw: 2.9 };
    expect(composePosesInto({ ...p }, other, { x: 0, y: 0, yaw: 0 })).toEqual(composePoses(p, other));
    const a = { ...p };
    expect(composePosesInto(a, other, a)).toEqual(composePoses(p, other));
    const b = { ...other };
    expect(composePosesInto(p, b, b)).toEqual(composePoses(p, other));
    const q = { ...p };
    expect(invertPoseInto(q, q)).toEqual(invertPose(p));
    const r = { ...p };
    expect(advanceByTwistInto(r, { vx: 0.8, vy: -0.1, yawRate: 1.5 }, 0.02, r)).toEqual(advanceByTwist(p, { vx: 0.8, vy: -0.1, yawRate: 1.5 }, 0.02));
  });
});

describe("advanceByTwist", () => {
  /** The reference: 100 000 small steps of the body twist, each at the midpoint heading. */
  function integrated(pose: Pose2, twist: BodyTwist, dt: number): Pose2 {
    const steps = 100_000;
    const h = dt / steps;
    let { x, y, yaw } = pose;
    for (let i = 0; i < steps; i++) {
      const mid = yaw + (twist.yawRate * h) / 2;
      x += (Math.cos(mid) * twist.vx - Math.sin(mid) * twist.vy) * h;
      y += (Math.sin(mid) * twist.vx + Math.cos(mid) * twist.vy) * h;
      yaw += twist.yawRate * h;
    }
    return { x, y, yaw };
  }

  it.each([
    { label: "straight ahead", twist: { vx: 1.2, vy: 0, yawRate: 0 }, dt: 0.5 },
    { label: "sideways (holonomic)", twist: { vx: 0, vy: -0.7, yawRate: 0 }, dt: 0.3 },
    { label: "an arc", twist: { vx: 1.5, vy: 0.2, yawRate: 2 }, dt: 0.4 },
    { label: "turning on the spot", twist: { vx: 0, vy: 0, yawRate: -3 }, dt: 0.25 },
    { label: "a nearly straight arc (the series branch)", twist: { vx: 1, vy: 0.5, yawRate: 1e-7 }, dt: 0.02 },
    { label: "back in time", twist: { vx: 0.8, vy: 0, yawRate: 1 }, dt: -0.05 },
  ])("$label matches the integrated motion", ({ twist, dt }) => {
    const start = { x: 1, y: -0.5, yaw: 0.7 };
    expectSameTransform(advanceByTwist(start, twist, dt), matrix(integrated(start, twist, dt)), 1e-9);
  });
});

describe("RobotTransformKeeper", () => {
  const estimate = { x: 2, y: 1, yaw: 0.3 };
  const odomPose = { x: -0.4, y: 0.6, yaw: -1.2 };
  const still = { vx: 0, vy: 0, yawRate: 0 };

  it("without odometry: map -> base_link is the estimate, only while it is valid, never twice at one stamp", () => {
    const keeper = new RobotTransformKeeper({ useOdometry: false, maxOdometryAge: 0.5 });
    expect(keeper.update(10, estimate, true)).toEqual({ kind: "publish", child: "base", transform: estimate, stamp: 10, heldBecause: undefined });
    expect(keeper.update(10, estimate, true)).toEqual({ kind: "none", reason: "no filter time after the last one published" });
    expect(keeper.update(10.02, estimate, false)).toEqual({ kind: "none", reason: "estimate not valid" });
    expect(keeper.status).toBe("none: estimate not valid");
  });

  it("with odometry: map -> odom composed with odom -> base_link gives the estimate; a stale estimate keeps the last map -> odom", () => {
    const keeper = new RobotTransformKeeper({ useOdometry: true, maxOdometryAge: 0.5 });
    expect(keeper.update(9.9, estimate, true)).toEqual({ kind: "none", reason: "no odometry heard yet (map -> odom needs its pose)" });
    keeper.noteOdometry(10, odomPose, still);
    const first = keeper.update(10, estimate, true);
    if (first.kind !== "publish") throw new Error(first.reason);
    expect(first.child).toBe("odom");
    expectSameTransform(composePoses(first.transform, odomPose), matrix(estimate));
    // The decision is rewritten by the next update: what it held is copied out first.
    const mapToOdom = { ...first.transform };
    // The robot drives on with a stale estimate: map -> odom stays, odometry carries the robot.
    keeper.noteOdometry(10.5, { x: 0.5, y: 0.6, yaw: -1.2 }, still);
    const held = keeper.update(10.5, { x: 9, y: 9, yaw: 0 }, false);
    expect(held).toEqual({ kind: "publish", child: "odom", transform: mapToOdom, stamp: 10.5, heldBecause: "estimate not valid" });
    expect(keeper.status).toBe("map -> odom held: estimate not valid");
  });

  it("brings the odometry pose to the estimate's time with its twist, and holds when the odometry is too old", () => {
    const keeper = new RobotTransformKeeper({ useOdometry: true, maxOdometryAge: 0.1 });
    const twist = { vx: 1, vy: 0, yawRate: 0.5 };
    keeper.noteOdometry(20, odomPose, twist);
    const live = keeper.update(20.04, estimate, true);
    if (live.kind !== "publish") throw new Error(live.reason);
    expectSameTransform(composePoses(live.transform, advanceByTwist(odomPose, twist, 0.04)), matrix(estimate));
    const mapToOdom = { ...live.transform };
    const old = keeper.update(20.2, { x: 0, y: 0, yaw: 0 }, true);
    expect(old).toEqual({ kind: "publish", child: "odom", transform: mapToOdom, stamp: 20.2, heldBecause: "odometry 0.20 s from the estimate" });
  });

  it("copies the estimate it is given: the caller may rewrite its pose object after the update", () => {
    const keeper = new RobotTransformKeeper({ useOdometry: false, maxOdometryAge: 0.5 });
    const reused = { ...estimate };
    const decision = keeper.update(10, reused, true);
    reused.x = 99;
    expect(decision).toEqual({ kind: "publish", child: "base", transform: estimate, stamp: 10, heldBecause: undefined });
  });

  it("ignores non-finite odometry and odometry stamped before the last", () => {
    const keeper = new RobotTransformKeeper({ useOdometry: true, maxOdometryAge: 1 });
    keeper.noteOdometry(5, odomPose, still);
    keeper.noteOdometry(4, { x: 100, y: 100, yaw: 0 }, still);
    keeper.noteOdometry(6, { x: Number.NaN, y: 0, yaw: 0 }, still);
    const published = keeper.update(5.5, estimate, true);
    if (published.kind !== "publish") throw new Error(published.reason);
    expectSameTransform(composePoses(published.transform, odomPose), matrix(estimate));
  });

  it("refuses a negative odometry age limit, naming the value", () => {
    expect(() => new RobotTransformKeeper({ useOdometry: true, maxOdometryAge: -1 })).toThrow("maxOdometryAge must be >= 0 s, got -1");
  });
});
