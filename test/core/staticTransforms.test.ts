import { SeededRandom } from "../../src/core/random/SeededRandom";
import type { FramePose, RobotFrameSpec } from "../../src/core/robotFrames";
import { composeRigid, invertRigid, MAX_MOUNT_TILT_RAD, resolveMounts, rollPitchYaw, StaticTransformTree, type MountState, type Quaternion, type StaticTransform } from "../../src/core/staticTransforms";

/**
 * The pure part of mounts from /tf_static (issue 17 item 3), checked against an independent
 * reference: 4x4 homogeneous matrices built from roll, pitch, yaw (R = Rz Ry Rx, as URDF's rpy and
 * tf2's setRPY) and multiplied out, never the module's quaternion algebra.
 */

type Matrix = number[][];

/** A rigid transform as a 4x4 homogeneous matrix. */
function homogeneous(x: number, y: number, z: number, roll: number, pitch: number, yaw: number): Matrix {
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(roll), Math.sin(roll), Math.cos(pitch), Math.sin(pitch), Math.cos(yaw), Math.sin(yaw)];
  return [
    [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr, x],
    [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr, y],
    [-sp, cp * sr, cp * cr, z],
    [0, 0, 0, 1],
  ];
}

function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, value, k) => sum + value * b[k]![j]!, 0)));
}

/** The inverse of a rigid transform: [R^T, -R^T t]. */
function inverse(m: Matrix): Matrix {
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[j]![i]!));
  const t = [0, 1, 2].map((i) => -(r[i]![0]! * m[0]![3]! + r[i]![1]! * m[1]![3]! + r[i]![2]! * m[2]![3]!));
  return [...r.map((row, i) => [...row, t[i]!]), [0, 0, 0, 1]];
}

/** Translation, and roll / pitch / yaw read off the matrix's entries. */
function poseOf(m: Matrix): { x: number; y: number; z: number; roll: number; pitch: number; yaw: number } {
  return { x: m[0]![3]!, y: m[1]![3]!, z: m[2]![3]!, roll: Math.atan2(m[2]![1]!, m[2]![2]!), pitch: -Math.asin(m[2]![0]!), yaw: Math.atan2(m[1]![0]!, m[0]![0]!) };
}

/** The textbook roll-pitch-yaw to quaternion formula (what static_transform_publisher and URDF parsers send). */
function quaternionFromRpy(roll: number, pitch: number, yaw: number): Quaternion {
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(roll / 2), Math.sin(roll / 2), Math.cos(pitch / 2), Math.sin(pitch / 2), Math.cos(yaw / 2), Math.sin(yaw / 2)];
  return { w: cr * cp * cy + sr * sp * sy, x: sr * cp * cy - cr * sp * sy, y: cr * sp * cy + sr * cp * sy, z: cr * cp * sy - sr * sp * cy };
}

interface Joint {
  readonly parent: string;
  readonly child: string;
  readonly xyz: readonly [number, number, number];
  readonly rpy: readonly [number, number, number];
}

function transformOf(j: Joint): StaticTransform {
  return { parent: j.parent, child: j.child, translation: { x: j.xyz[0], y: j.xyz[1], z: j.xyz[2] }, rotation: quaternionFromRpy(...j.rpy) };
}

function matrixOf(j: Joint): Matrix {
  return homogeneous(...j.xyz, ...j.rpy);
}

function treeOf(joints: readonly Joint[]): StaticTransformTree {
  const tree = new StaticTransformTree();
  tree.merge(joints.map(transformOf));
  return tree;
}

/** `frame` in `root` by the matrices: the product of the joints from root down to it. */
function chainMatrix(joints: readonly Joint[], root: string, frame: string): Matrix {
  let m = homogeneous(0, 0, 0, 0, 0, 0);
  for (let current = frame; current !== root; ) {
    const joint = joints.find((j) => j.child === current);
    if (joint === undefined) throw new Error(`test chain: no joint to ${current}`);
    m = multiply(matrixOf(joint), m);
    current = joint.parent;
  }
  return m;
}

function expectClose(actual: { x: number; y: number; z: number; yaw: number }, expected: { x: number; y: number; z: number; yaw: number }, digits = 12): void {
  expect(actual.x).toBeCloseTo(expected.x, digits);
  expect(actual.y).toBeCloseTo(expected.y, digits);
  expect(actual.z).toBeCloseTo(expected.z, digits);
  expect(Math.cos(actual.yaw)).toBeCloseTo(Math.cos(expected.yaw), digits);
  expect(Math.sin(actual.yaw)).toBeCloseTo(Math.sin(expected.yaw), digits);
}

/** A URDF-like tree: base_link -> chassis_link (an intermediate link the block does not list) -> laser; two DT35s on the base. */
const URDF: readonly Joint[] = [
  { parent: "base_link", child: "chassis_link", xyz: [0.05, 0, 0.02], rpy: [0, 0, 0.1] },
  { parent: "chassis_link", child: "laser", xyz: [0.15, -0.01, 0.03], rpy: [0, 0, -0.1] },
  { parent: "base_link", child: "left_link", xyz: [0, 0.25, 0.05], rpy: [0, 0, Math.PI / 2] },
  { parent: "base_link", child: "right_link", xyz: [-0.25, 0, 0.05], rpy: [0, 0, Math.PI] },
];

const spec = (name: string, parent: string, x: number, y: number, z: number, yaw: number): RobotFrameSpec => ({ name, parent, x, y, z, yaw });

/** A block as the shipped params file writes it (the lidar, two DT35s, two virtual beams). */
const BLOCK: readonly RobotFrameSpec[] = [
  spec("laser", "", 0.2, 0, 0.05, 0),
  spec("left_link", "", 0, 0.25, 0.05, 1.5708),
  spec("right_link", "", -0.25, 0, 0.05, 3.1416),
  spec("left_fence_link", "laser", 0, 0, 0, 1.5708),
  spec("rear_fence_link", "laser", 0, 0, 0, 3.1416),
];

function resolvedPose(states: readonly MountState[], frame: string): FramePose {
  const state = states.find((s) => s.frame === frame);
  if (state?.kind !== "resolved") throw new Error(`${frame}: ${JSON.stringify(state)}`);
  return state.pose;
}

describe("StaticTransformTree.lookup composes a chain as the 4x4 matrices do", () => {
  it.each([
    { label: "one joint", reference: "base_link", frame: "left_link" },
    { label: "through an intermediate link", reference: "base_link", frame: "laser" },
    { label: "between two leaves (up the tree and down again)", reference: "laser", frame: "right_link" },
    { label: "a parent seen from its child", reference: "laser", frame: "base_link" },
  ])("$label: $reference -> $frame", ({ reference, frame }) => {
    const found = treeOf(URDF).lookup(reference, frame);
    if (!found.ok) throw new Error(found.reason);
    const expected = poseOf(multiply(inverse(chainMatrix(URDF, "base_link", reference)), chainMatrix(URDF, "base_link", frame)));
    const { roll, pitch, yaw } = rollPitchYaw(found.transform.rotation);
    expectClose({ ...found.transform.translation, yaw }, expected);
    expect(roll).toBeCloseTo(expected.roll, 12);
    expect(pitch).toBeCloseTo(expected.pitch, 12);
  });

  it("matches the matrices on 200 seeded random chains of 1-4 tilted joints", () => {
    const random = new SeededRandom(17);
    const u = (a: number, b: number): number => a + (b - a) * random.uniform();
    for (let trial = 0; trial < 200; trial++) {
      const depth = 1 + Math.floor(random.uniform() * 4);
      const joints: Joint[] = Array.from({ length: depth }, (_, i) => ({
        parent: i === 0 ? "base_link" : `link${i}`,
        child: `link${i + 1}`,
        xyz: [u(-1, 1), u(-1, 1), u(-1, 1)],
        rpy: [u(-1.5, 1.5), u(-1.4, 1.4), u(-3.1, 3.1)],
      }));
      const found = treeOf(joints).lookup("base_link", `link${depth}`);
      if (!found.ok) throw new Error(found.reason);
      const expected = poseOf(chainMatrix(joints, "base_link", `link${depth}`));
      const got = rollPitchYaw(found.transform.rotation);
      expectClose({ ...found.transform.translation, yaw: got.yaw }, expected, 9);
      expect(got.roll).toBeCloseTo(expected.roll, 9);
      expect(got.pitch).toBeCloseTo(expected.pitch, 9);
      // And back: the inverse composed with the transform is the identity.
      const identity = composeRigid(invertRigid(found.transform), found.transform);
      expect(Math.hypot(identity.translation.x, identity.translation.y, identity.translation.z)).toBeLessThan(1e-12);
      expect(Math.abs(identity.rotation.w)).toBeCloseTo(1, 12);
    }
  });

  it.each([
    { label: "a frame no transform names", joints: URDF, frame: "camera", reason: "no chain of transforms joins base_link and camera" },
    { label: "a chain that stops short of the base", joints: [{ parent: "mount", child: "laser", xyz: [0.1, 0, 0], rpy: [0, 0, 0] }] as Joint[], frame: "laser", reason: "laser's parents end at mount, base_link's at base_link" },
    {
      label: "a loop",
      joints: [
        { parent: "a", child: "b", xyz: [0, 0, 0], rpy: [0, 0, 0] },
        { parent: "b", child: "a", xyz: [0, 0, 0], rpy: [0, 0, 0] },
      ] as Joint[],
      frame: "a",
      reason: "form a loop",
    },
  ])("says why there is no pose: $label", ({ joints, frame, reason }) => {
    const found = treeOf(joints).lookup("base_link", frame);
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.reason).toContain(reason);
  });
});

describe("StaticTransformTree.merge: every publisher's latched message, merged by child frame", () => {
  it("keeps the frames of two publishers, and a later transform of a child replaces the earlier", () => {
    const tree = new StaticTransformTree();
    expect(tree.merge([transformOf(URDF[0]!), transformOf(URDF[1]!)])).toBe(true);
    // A second publisher (another static_transform_publisher) with a frame of its own.
    expect(tree.merge([transformOf(URDF[2]!)])).toBe(true);
    expect(["chassis_link", "laser", "left_link"].every((f) => tree.carries(f))).toBe(true);
    // The same message again (a late joiner's replay) changes nothing.
    expect(tree.merge([transformOf(URDF[2]!)])).toBe(false);
    // A new latched message for left_link moves it.
    expect(tree.merge([transformOf({ ...URDF[2]!, xyz: [0.1, 0.25, 0.05] })])).toBe(true);
    const found = tree.lookup("base_link", "left_link");
    expect(found.ok && found.transform.translation.x).toBeCloseTo(0.1, 12);
  });

  it.each([
    { label: "a zero quaternion", t: { parent: "base_link", child: "laser", translation: { x: 0, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 0 } }, reason: "its quaternion is zero" },
    { label: "a NaN", t: { parent: "base_link", child: "laser", translation: { x: Number.NaN, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } }, reason: "not finite" },
    { label: "a frame its own parent", t: { parent: "laser", child: "laser", translation: { x: 0, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } }, reason: "its own parent" },
  ])("refuses $label, saying why", ({ t, reason }) => {
    const tree = new StaticTransformTree();
    expect(tree.merge([t])).toBe(false);
    expect(tree.carries("laser")).toBe(false);
    expect(tree.refused.get("laser")).toContain(reason);
  });

  it("normalises a quaternion that is not of unit length", () => {
    const tree = new StaticTransformTree();
    const q = quaternionFromRpy(0, 0, 0.7);
    tree.merge([{ parent: "base_link", child: "laser", translation: { x: 1, y: 0, z: 0 }, rotation: { x: 2 * q.x, y: 2 * q.y, z: 2 * q.z, w: 2 * q.w } }]);
    tree.merge([{ parent: "laser", child: "tip", translation: { x: 1, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } }]);
    const found = tree.lookup("base_link", "tip");
    if (!found.ok) throw new Error(found.reason);
    expect(found.transform.translation.x).toBeCloseTo(1 + Math.cos(0.7), 12);
    expect(found.transform.translation.y).toBeCloseTo(Math.sin(0.7), 12);
  });
});

describe("resolveMounts: base frame -> each needed frame, from /tf_static and the block", () => {
  const base = { specs: BLOCK, reference: { kind: "base", name: "base_link" } } as const;

  it("a URDF with an intermediate link: the lidar through it, each virtual beam from the lidar's pose and its block bearing", () => {
    const urdf = URDF.filter((j) => j.child !== "right_link");
    const result = resolveMounts(treeOf(urdf), { ...base, frames: ["laser", "left_link", "left_fence_link", "rear_fence_link"] });
    expect(result.complete).toBe(true);
    const laser = chainMatrix(urdf, "base_link", "laser");
    expectClose(resolvedPose(result.mounts, "laser"), poseOf(laser));
    expectClose(resolvedPose(result.mounts, "left_link"), poseOf(chainMatrix(urdf, "base_link", "left_link")));
    for (const [beam, bearing] of [["left_fence_link", 1.5708], ["rear_fence_link", 3.1416]] as const) {
      expectClose(resolvedPose(result.mounts, beam), poseOf(multiply(laser, homogeneous(0, 0, 0, 0, 0, bearing))));
      expect(result.mounts.find((m) => m.frame === beam)).toMatchObject({ kind: "resolved", via: "block_parent" });
    }
    expect(result.mounts.find((m) => m.frame === "laser")).toMatchObject({ via: "tf_static" });
  });

  it.each([
    { label: "nothing heard yet", joints: [] as Joint[], frame: "laser", reason: "no transform on /tf_static has laser as its child yet" },
    { label: "a base-level frame the transforms do not carry", joints: URDF.filter((j) => j.child !== "right_link"), frame: "right_link", reason: "no transform on /tf_static has right_link as its child yet" },
    { label: "a virtual beam before its lidar", joints: URDF.filter((j) => j.child !== "laser"), frame: "left_fence_link", reason: "its robot_frames parent laser: no transform on /tf_static has laser as its child yet" },
    { label: "a lidar hung from a link that does not reach the base", joints: [{ parent: "mount", child: "laser", xyz: [0.2, 0, 0.05], rpy: [0, 0, 0] }] as Joint[], frame: "laser", reason: "no chain of transforms joins base_link and laser (laser's parents end at mount, base_link's at base_link)" },
  ])("waits, naming why: $label", ({ joints, frame, reason }) => {
    const result = resolveMounts(treeOf(joints), { ...base, frames: ["left_link", frame] });
    expect(result.complete).toBe(false);
    expect(result.mounts.find((m) => m.frame === frame)).toEqual({ kind: "waiting", frame, reason });
  });

  it.each([
    { label: "pitched beyond the tolerance", rpy: [0, 0.05, 0] as const, tilted: true },
    { label: "rolled beyond the tolerance", rpy: [-0.02, 0, 0.3] as const, tilted: true },
    { label: "tilted within the tolerance", rpy: [0.5 * MAX_MOUNT_TILT_RAD, -0.5 * MAX_MOUNT_TILT_RAD, 0.3] as const, tilted: false },
  ])("a lidar $label: refused with its beams, or used", ({ rpy, tilted }) => {
    const joints: Joint[] = [{ parent: "base_link", child: "laser", xyz: [0.2, 0, 0.05], rpy }];
    const result = resolveMounts(treeOf(joints), { ...base, frames: ["laser", "left_fence_link"] });
    expect(result.complete).toBe(true);
    for (const frame of ["laser", "left_fence_link"]) {
      const state = result.mounts.find((m) => m.frame === frame);
      if (tilted) {
        expect(state?.kind).toBe("tilted");
        // The beam turns with its lidar: its tilt is the lidar's, seen along its own axes.
        if (state?.kind === "tilted" && frame === "laser") {
          expect(state.roll).toBeCloseTo(rpy[0], 12);
          expect(state.pitch).toBeCloseTo(rpy[1], 12);
        }
      } else expect(state?.kind).toBe("resolved");
    }
  });

  it.each<{ label: string; joint: Joint; mismatch: boolean }>([
    { label: "the lidar 5 cm further forward than the block", joint: { parent: "base_link", child: "laser", xyz: [0.25, 0, 0.05], rpy: [0, 0, 0] }, mismatch: true },
    { label: "a DT35 turned 0.05 rad", joint: { parent: "base_link", child: "left_link", xyz: [0, 0.25, 0.05], rpy: [0, 0, 1.6208] }, mismatch: true },
    { label: "the block's 3.1416 against the transform's -pi", joint: { parent: "base_link", child: "right_link", xyz: [-0.25, 0, 0.05], rpy: [0, 0, -Math.PI] }, mismatch: false },
    { label: "the block's 1.5708 against pi / 2", joint: { parent: "base_link", child: "left_link", xyz: [0, 0.25, 0.05], rpy: [0, 0, Math.PI / 2] }, mismatch: false },
  ])("the block and /tf_static: $label", ({ joint, mismatch }) => {
    const result = resolveMounts(treeOf([joint]), { ...base, frames: [joint.child] });
    const used = resolvedPose(result.mounts, joint.child);
    // /tf_static wins either way.
    expectClose(used, poseOf(matrixOf(joint)));
    const blockSpec = BLOCK.find((s) => s.name === joint.child)!;
    expect(result.mismatches).toEqual(mismatch ? [{ frame: joint.child, tfStatic: used, block: { x: blockSpec.x, y: blockSpec.y, z: blockSpec.z, yaw: blockSpec.yaw } }] : []);
  });

  it("a mismatch is named once per frame, on the frame /tf_static carries, not on each beam composed from it", () => {
    const joints: Joint[] = [{ parent: "base_link", child: "laser", xyz: [0.3, 0, 0.05], rpy: [0, 0, 0] }];
    const result = resolveMounts(treeOf(joints), { ...base, frames: ["left_fence_link", "rear_fence_link"] });
    expect(result.mismatches.map((m) => m.frame)).toEqual(["laser"]);
  });
});

describe("resolveMounts in the lidar's frame (laser_ranging's bearings)", () => {
  const inLidar = { specs: BLOCK, reference: { kind: "robot_frame", name: "laser" }, frames: ["left_fence_link", "rear_fence_link"] } as const;

  it("waits for any transform naming the lidar, then takes each beam's block bearing", () => {
    expect(resolveMounts(treeOf([]), inLidar).mounts[0]).toEqual({ kind: "waiting", frame: "left_fence_link", reason: "its robot_frames parent laser: no transform on /tf_static names laser yet" });
    // The lidar anywhere (even tilted: the base frame is target_estimation's business): beams at their bearings.
    const result = resolveMounts(treeOf([{ parent: "base_link", child: "laser", xyz: [0.2, 0, 0.05], rpy: [0, 0, 0.4] }]), inLidar);
    expect(result.complete).toBe(true);
    expectClose(resolvedPose(result.mounts, "left_fence_link"), { x: 0, y: 0, z: 0, yaw: 1.5708 });
    expect(result.mismatches).toEqual([]);
  });

  it("a beam /tf_static carries (a URDF naming it) takes the transform's bearing, and the block's other one is named", () => {
    const joints: Joint[] = [
      { parent: "base_link", child: "laser", xyz: [0.2, 0, 0.05], rpy: [0, 0, 0] },
      { parent: "laser", child: "left_fence_link", xyz: [0, 0, 0], rpy: [0, 0, 1.4] },
    ];
    const result = resolveMounts(treeOf(joints), inLidar);
    expectClose(resolvedPose(result.mounts, "left_fence_link"), { x: 0, y: 0, z: 0, yaw: 1.4 });
    expect(result.mismatches.map((m) => [m.frame, m.block.yaw])).toEqual([["left_fence_link", 1.5708]]);
  });
});
