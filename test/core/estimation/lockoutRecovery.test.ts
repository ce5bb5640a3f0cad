import { buildCourtMap, wrapAngle, type Pose2 } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import { carryForward, mountSeenFrom, sensorRay, type SensorMount } from "../../../src/core/court/rayCaster";
import { LockoutRecovery, type LockoutRecoveryOptions, type RecoveryEvent } from "../../../src/core/estimation/lockoutRecovery";
import { PoseEkf, type RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { STATE_SIZE } from "../../../src/core/estimation/stateLayout";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { referenceRange } from "../../../src/bench/referenceCourt";

const map = buildCourtMap({ ...defaultCourtMap().spec, secondHoop: false });
const OPTIONS: LockoutRecoveryOptions = { gatedInARow: 15, inflation: [0.15 ** 2, 0.15 ** 2, 0.05 ** 2], searchHalfWidth: 0.3, searchHalfYaw: 0.3, maxReadingAge: 0.5 };

/** The estimation bench's sensor suite: two DT35s on the fences, two lidar beams on the backboard. */
const SENSORS: readonly { readonly name: string; readonly mount: SensorMount }[] = [
  { name: "side", mount: { x: 0.2, y: 0.25, z: 0.05, yaw: Math.PI / 2 } },
  { name: "rear", mount: { x: -0.3, y: -0.2, z: 0.05, yaw: Math.PI } },
  { name: "board_left", mount: { x: 0.1, y: 0.1, z: 2.5, yaw: 0.06 } },
  { name: "board_right", mount: { x: 0.1, y: 0.1, z: 2.5, yaw: -0.06 } },
];
const SIGMA = 0.005;
/** Standing 6 m from the hoop, 0.2 m to the right of its axis, facing it. */
const TRUTH: Pose2 = { x: 5.925 - Math.sqrt(36 - 0.04) - 0.1, y: -0.2, yaw: Math.atan2(0.2, Math.sqrt(36 - 0.04)) };

function reading(mount: SensorMount, range: number): RangeMeasurement {
  return { mount, range, sigma: SIGMA, minRange: 0.05, maxRange: 12 };
}

/** A filter sure of `pose` (1 mm, 1 mrad): as if it had converged there. */
function settledFilter(pose: Pose2): PoseEkf {
  const ekf = new PoseEkf(map);
  ekf.initialize(0, pose, [1e-6, 0, 0, 0, 1e-6, 0, 0, 0, 1e-6], { vx: 0, vy: 0, yawRate: 0 }, 1e-3);
  return ekf;
}

/**
 * Feeds `rounds` rounds, 10 ms apart, of the odometry of a robot standing still (zero, and sure of
 * it) and one reading per sensor from the independent reference caster at TRUTH; `override`
 * replaces a sensor's reading (given its name, the round and its mount). Returns every recovery event.
 */
function feed(ekf: PoseEkf, recovery: LockoutRecovery, rounds: number, rng: SeededRandom, override: (name: string, round: number, mount: SensorMount) => number | undefined = () => undefined): RecoveryEvent[] {
  const events: RecoveryEvent[] = [];
  let t = ekf.currentTime;
  for (let round = 0; round < rounds; round++) {
    ekf.predictWithOdometry(t, { vx: 0, vy: 0, yawRate: 0 }, [1e-6, 0, 0, 0, 1e-6, 0, 0, 0, 1e-6]);
    for (const { name, mount } of SENSORS) {
      t += 0.0025;
      const range = override(name, round, mount) ?? referenceRange(map.spec, TRUTH, mount) + rng.gaussian(0, SIGMA);
      const m = reading(mount, range);
      const event = recovery.afterRange(name, m, ekf.updateRange(t, m));
      if (event !== undefined) events.push(event);
    }
  }
  return events;
}

const poseError = (ekf: PoseEkf): [number, number] => {
  const p = ekf.pose();
  return [Math.hypot(p.x - TRUTH.x, p.y - TRUTH.y), Math.abs(wrapAngle(p.yaw - TRUTH.yaw))];
};

describe("mountSeenFrom", () => {
  it.each([
    ["the same pose", { x: 1, y: 2, yaw: 0.3 }, { x: 1, y: 2, yaw: 0.3 }],
    ["a step forward", { x: 1.1, y: 2, yaw: 0 }, { x: 1, y: 2, yaw: 0 }],
    ["a quarter turn", { x: -0.5, y: 0.4, yaw: Math.PI / 2 }, { x: -0.5, y: 0.4, yaw: 0 }],
    ["a drive and a turn", { x: 2.3, y: -1.1, yaw: -2.9 }, { x: 2.0, y: -0.8, yaw: 2.7 }],
  ])("after %s, the moved mount casts the same ray from the pose now as the mount did from the pose then", (_what, now, then) => {
    const mount: SensorMount = { x: 0.2, y: -0.25, z: 0.4, yaw: 1.1 };
    const expected = sensorRay(then, mount);
    const moved = mountSeenFrom(now, then, mount);
    const actual = sensorRay(now, moved);
    expect(actual.origin.x).toBeCloseTo(expected.origin.x, 12);
    expect(actual.origin.y).toBeCloseTo(expected.origin.y, 12);
    expect(wrapAngle(actual.angle - expected.angle)).toBeCloseTo(0, 12);
    expect(moved.z).toBe(mount.z);
  });
});

describe("carryForward", () => {
  it.each([
    ["no motion", { x: 1, y: 2, yaw: 0.3 }, { x: 1, y: 2, yaw: 0.3 }],
    ["a step forward", { x: 1, y: 2, yaw: 0.3 }, { x: 1.1 * Math.cos(0.3) + 1, y: 1.1 * Math.sin(0.3) + 2, yaw: 0.3 }],
    ["a drive and a turn", { x: 2.0, y: -0.8, yaw: 2.7 }, { x: 2.3, y: -1.1, yaw: -2.9 }],
  ])("after %s, the found pose moves as the filter did: the same robot-frame motion from it", (_what, from, to) => {
    const found = { x: -0.4, y: 1.5, yaw: -1.0 };
    const moved = carryForward(found, from, to);
    // Reference: a mount at the robot centre seen from `to`, expressed at `from`, then placed on `found`.
    const relative = mountSeenFrom(from, to, { x: 0, y: 0, z: 0, yaw: 0 });
    const c = Math.cos(found.yaw);
    const sn = Math.sin(found.yaw);
    expect(moved.x).toBeCloseTo(found.x + c * relative.x - sn * relative.y, 12);
    expect(moved.y).toBeCloseTo(found.y + sn * relative.x + c * relative.y, 12);
    expect(wrapAngle(moved.yaw - found.yaw - relative.yaw)).toBeCloseTo(0, 12);
  });
});

describe("LockoutRecovery", () => {
  it("moves a filter settled on the second pose (three rays of four fit) back to the truth", () => {
    // Where the estimation bench's 6 m run used to settle: 1.3 cm, 1.0 cm and -0.053 rad off.
    const trapped = { x: TRUTH.x + 0.013, y: TRUTH.y + 0.01, yaw: TRUTH.yaw - 0.053 };
    const ekf = settledFilter(trapped);
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    const events = feed(ekf, recovery, 40, new SeededRandom(1));
    expect(events.map((e) => e.kind)).toEqual(["relocated"]);
    const [position, heading] = poseError(ekf);
    expect(position).toBeLessThan(0.005);
    expect(heading).toBeLessThan(0.003);
    expect(recovery.recoveries).toEqual({ relocated: 1, inflated: 0, input_disagrees: 0 });
  });

  it("is not steered by a spike in the latest reading of an input", () => {
    const ekf = settledFilter({ x: TRUTH.x + 0.013, y: TRUTH.y + 0.01, yaw: TRUTH.yaw - 0.053 });
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    // Every 4th side reading is a spike at 1 m, so the search starts right after one.
    const events = feed(ekf, recovery, 40, new SeededRandom(2), (name, round) => (name === "side" && round % 4 === 3 ? 1.0 : undefined));
    expect(events.map((e) => e.kind)).toContain("relocated");
    const [position, heading] = poseError(ekf);
    expect(position).toBeLessThan(0.005);
    expect(heading).toBeLessThan(0.003);
  });

  it("keeps the pose when one input disagrees with the others from the start (an obstacle in its ray), searching at most every maxReadingAge", () => {
    const ekf = settledFilter(TRUTH);
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    const events = feed(ekf, recovery, 150, new SeededRandom(3), (name) => (name === "side" ? 1.0 : undefined));
    // The side input never agreed, so each lock-out of it searches (it may be the one right ray):
    // the first after 15 gated readings (0.15 s), the next ones each maxReadingAge later.
    expect(events.map((e) => [e.kind, e.input])).toEqual([
      ["input_disagrees", "side"],
      ["input_disagrees", "side"],
      ["input_disagrees", "side"],
    ]);
    expect(events[0]?.message).toMatch(/^side gated 15 times in a row, not every other input; no pose within 0.3 m, 0.3 rad fits better/);
    for (let k = 1; k < events.length; k++) expect((events[k]?.time ?? 0) - (events[k - 1]?.time ?? 0)).toBeGreaterThanOrEqual(OPTIONS.maxReadingAge);
    const [position, heading] = poseError(ekf);
    expect(position).toBeLessThan(0.003);
    expect(heading).toBeLessThan(0.003);
  });

  it.each([
    ["side", 0.03],
    ["side", 0.1],
    ["side", 0.2],
    ["rear", 0.03],
    ["rear", 0.1],
    ["rear", 0.2],
  ])("an obstacle in the %s ray, %s m short, after that input agreed, never moves the pose", (name, shortBy) => {
    // The side ray alone measures y: a pose shifted by the obstacle fits all four rays exactly, so
    // only the history (the ray agreed, the robot did not jump) can tell.
    const ekf = settledFilter(TRUTH);
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    const events = feed(ekf, recovery, 200, new SeededRandom(7), (input, round, mount) => (input === name && round >= 30 ? referenceRange(map.spec, TRUTH, mount) - shortBy : undefined));
    expect(events.map((e) => e.kind)).not.toContain("relocated");
    expect(events.map((e) => e.kind)).toContain("input_disagrees");
    expect(recovery.namedInputs).toEqual([name]);
    const [position, heading] = poseError(ekf);
    expect(position).toBeLessThan(0.003);
    expect(heading).toBeLessThan(0.003);
  });

  it("searches when two inputs are locked out at once while a third agrees (a push along x) and follows the robot", () => {
    const ekf = settledFilter(TRUTH);
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    // From round 30 the robot stands 6 cm further back: the side ray (y) still agrees, the rear and board rays do not.
    const pushed = { x: TRUTH.x - 0.06, y: TRUTH.y, yaw: TRUTH.yaw };
    const events = feed(ekf, recovery, 120, new SeededRandom(9), (_name, round, mount) => (round >= 30 ? referenceRange(map.spec, pushed, mount) : undefined));
    expect(events.map((e) => e.kind)).toEqual(["relocated"]);
    expect(events[0]?.message).toMatch(/relocated there/);
    const p = ekf.pose();
    expect(Math.hypot(p.x - pushed.x, p.y - pushed.y)).toBeLessThan(0.005);
  });

  it.each([
    ["the side and rear DT35s blocked 10 cm, the board beams at 10 Hz agreeing", ["side", "rear"], 10, 1],
    ["the side DT35 blocked 10 cm, the rear silent, the board beams at 5 Hz agreeing", ["side"], 20, 1e9],
  ])("with %s, neither moves nor widens the pose", (_what, blocked, boardEvery, rearEvery) => {
    const ekf = settledFilter(TRUTH);
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    const events = feed(ekf, recovery, 300, new SeededRandom(10), (name, round, mount) => {
      if (name.startsWith("board") && round % boardEvery !== 0) return Number.NaN;
      if (name === "rear" && round >= 30 && round % rearEvery !== 0) return Number.NaN;
      return round >= 30 && blocked.includes(name) ? referenceRange(map.spec, TRUTH, mount) - 0.1 : undefined;
    });
    expect(events.filter((e) => e.kind !== "input_disagrees")).toEqual([]);
    expect(new Set(events.map((e) => e.input))).toEqual(new Set(blocked));
    const [position, heading] = poseError(ekf);
    expect(position).toBeLessThan(0.003);
    expect(heading).toBeLessThan(0.003);
  });

  it("searches when every input is gated (the robot was pushed) and follows the robot", () => {
    const ekf = settledFilter(TRUTH);
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    // From round 30 the robot stands 8 cm further left and 5 cm back; the filter, told nothing, stays.
    const pushed = { x: TRUTH.x - 0.05, y: TRUTH.y + 0.08, yaw: TRUTH.yaw };
    const events = feed(ekf, recovery, 120, new SeededRandom(8), (_name, round, mount) => (round >= 30 ? referenceRange(map.spec, pushed, mount) : undefined));
    expect(events.map((e) => e.kind)).toContain("relocated");
    const p = ekf.pose();
    expect(Math.hypot(p.x - pushed.x, p.y - pushed.y)).toBeLessThan(0.005);
  });

  it("widens the covariance when every input is gated and no pose in the window fits better", () => {
    // 1 m off in x and y (every ray disagrees) and outside the 0.3 m window, so the search cannot find the truth.
    const ekf = settledFilter({ x: TRUTH.x - 1, y: TRUTH.y + 1, yaw: TRUTH.yaw });
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    const before = ekf.covariance()[0] ?? 0;
    const events = feed(ekf, recovery, 15, new SeededRandom(4));
    expect(events.map((e) => e.kind)).toEqual(["inflated"]);
    // The inflation, plus 150 ms of process noise.
    expect((ekf.covariance()[0] ?? 0) - before).toBeCloseTo(OPTIONS.inflation[0], 5);
    expect(ekf.covariance()[2 * STATE_SIZE + 2]).toBeGreaterThanOrEqual(OPTIONS.inflation[2]);
  });

  it("with three rays for three unknowns never relocates: any nearby pose may fit them exactly", () => {
    const ekf = settledFilter({ x: TRUTH.x + 0.013, y: TRUTH.y + 0.01, yaw: TRUTH.yaw - 0.053 });
    const recovery = new LockoutRecovery(ekf, map, OPTIONS);
    const events = feed(ekf, recovery, 40, new SeededRandom(5), (name) => (name === "board_right" ? Number.NaN : undefined));
    expect(events.every((e) => e.kind !== "relocated")).toBe(true);
    // A lock-out did happen, and its search said why it would not pick.
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]?.message).toMatch(/3 valid ranges cannot outvote one for 3 unknowns/);
  });

  it("leaves readings older than maxReadingAge out of the search", () => {
    const ekf = settledFilter({ x: TRUTH.x + 0.013, y: TRUTH.y + 0.01, yaw: TRUTH.yaw - 0.053 });
    // 1 ms: only the reading that triggered the search is young enough, too few to outvote anything.
    const recovery = new LockoutRecovery(ekf, map, { ...OPTIONS, maxReadingAge: 0.001 });
    const events = feed(ekf, recovery, 40, new SeededRandom(6));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === "input_disagrees" && /cannot outvote/.test(e.message))).toBe(true);
  });

  it("run a few steps per call (stepsPerCall), the search spans many calls and ends where one call ends", () => {
    const trapped = { x: TRUTH.x + 0.013, y: TRUTH.y + 0.01, yaw: TRUTH.yaw - 0.053 };
    const whole = settledFilter(trapped);
    const wholeEvents = feed(whole, new LockoutRecovery(whole, map, OPTIONS), 120, new SeededRandom(1));
    const stepped = settledFilter(trapped);
    const recovery = new LockoutRecovery(stepped, map, { ...OPTIONS, stepsPerCall: 4 });
    let callsSearching = 0;
    const events = feed(stepped, recovery, 120, new SeededRandom(1), () => {
      if (recovery.searching) callsSearching++;
      return undefined;
    });
    expect(events.map((e) => e.kind)).toEqual(wholeEvents.map((e) => e.kind));
    expect(callsSearching).toBeGreaterThan(10);
    const [position, heading] = poseError(stepped);
    expect(position).toBeLessThan(0.005);
    expect(heading).toBeLessThan(0.003);
  });

  it.each<[string, Partial<LockoutRecoveryOptions>, RegExp]>([
    ["gatedInARow 0", { gatedInARow: 0 }, /gatedInARow must be an integer >= 1, got 0/],
    ["gatedInARow 2.5", { gatedInARow: 2.5 }, /got 2.5/],
    ["a negative inflation", { inflation: [0.01, -1, 0.01] }, /inflation must be 3 finite variances >= 0, got \[0.01, -1, 0.01\]/],
    ["a NaN search width", { searchHalfWidth: Number.NaN }, /searchHalfWidth must be a finite number >= 0, got NaN/],
    ["a negative reading age", { maxReadingAge: -1 }, /maxReadingAge .* got -1/],
    ["stepsPerCall 0", { stepsPerCall: 0 }, /stepsPerCall must be an integer >= 1, got 0/],
  ])("rejects %s with the value in the message", (_what, bad, message) => {
    expect(() => new LockoutRecovery(settledFilter(TRUTH), map, { ...OPTIONS, ...bad })).toThrow(message);
  });
});
