import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { robotFramePoses } from "../../src/nodes/robot_frames.schema";
import { rangeInputsFromParameters } from "../../src/nodes/target_estimation.schema";
import type { ParameterValue } from "../../src/core/parameters/schema";
import { chainNode, robotFrameOverrides, startChain } from "../../src/sim/simulatedChain";

/** target_estimation's validated values as shipped (its section, the `/**` block with robot_frames, its defaults), read as the scenario reads them. */
function shippedEstimatorValues(): Readonly<Record<string, ParameterValue>> {
  const chain = startChain(new InProcessGraph({ startTime: 0 }), DEFAULT_PARAMS_FILES, {});
  const values = { ...chainNode(chain, "target_estimation").parameterValues };
  for (const node of chain.values()) node.shutdown();
  return values;
}
const shipped = shippedEstimatorValues();

const wrap = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));

describe("robotFrameOverrides (known geometry: the true mounts as robot_frames overrides)", () => {
  const lidarFrame = shipped["detection.frame_id"];
  // The physical sensors the scenario draws true mounts for (the point lasers and the lidar, as
  // drawTrueWorld names them); the lidar's virtual beams are range inputs too, hung off its frame.
  const inputs = rangeInputsFromParameters(shipped).filter((input) => shipped[`robot_frames.${input.frameId}.parent`] !== lidarFrame);
  // True mounts off the configured ones by a few centimetres and degrees, in the base frame.
  const truth = [
    ...inputs.map((input, i) => ({ name: input.name, x: 0.03 * (i + 1), y: 0.2 - 0.02 * i, yaw: 1.5 + 0.05 * i })),
    { name: "lidar", x: 0.23, y: -0.015, yaw: 0.04 },
  ];
  const cases: { name: string; values: Readonly<Record<string, ParameterValue>> }[] = [
    { name: "the shipped block (every sensor frame under base_link)", values: shipped },
    // A range input's frame hung off the lidar's: the override is written in its parent, not the base.
    { name: "a range input's frame under the lidar's", values: { ...shipped, [`robot_frames.${inputs[0]?.frameId ?? ""}.parent`]: String(lidarFrame) } },
  ];

  it.each(cases)("$name: the block with the overrides puts each sensor's frame at its true mount, heights kept", ({ values }) => {
    expect(typeof lidarFrame).toBe("string");
    const before = robotFramePoses(values);
    const overrides = robotFrameOverrides(values, truth);
    const after = robotFramePoses({ ...values, ...overrides });
    const frameOf = new Map([...inputs.map((input) => [input.name, input.frameId] as const), ["lidar", String(lidarFrame)] as const]);
    for (const mount of truth) {
      const frame = frameOf.get(mount.name) ?? "";
      const pose = after.get(frame);
      expect(pose).toBeDefined();
      expect(pose?.x).toBeCloseTo(mount.x, 12);
      expect(pose?.y).toBeCloseTo(mount.y, 12);
      expect(wrap((pose?.yaw ?? NaN) - mount.yaw)).toBeCloseTo(0, 12);
      expect(pose?.z).toBeCloseTo(before.get(frame)?.z ?? NaN, 12);
    }
  });

  it("a frame under the lidar's and not overridden keeps its place relative to the lidar (the virtual beams move with it)", () => {
    const lidar = String(lidarFrame);
    const children = [...robotFramePoses(shipped).keys()].filter((frame) => shipped[`robot_frames.${frame}.parent`] === lidar && ![...inputs].some((input) => input.frameId === frame));
    expect(children.length).toBeGreaterThan(0);
    const merged = { ...shipped, ...robotFrameOverrides(shipped, truth) };
    const lidarTrue = truth.find((m) => m.name === "lidar");
    for (const child of children) {
      const bearing = Number(shipped[`robot_frames.${child}.yaw`] ?? 0);
      expect(wrap((robotFramePoses(merged).get(child)?.yaw ?? NaN) - ((lidarTrue?.yaw ?? NaN) + bearing))).toBeCloseTo(0, 12);
    }
  });

  it("a sensor the block has no frame for gets no override", () => {
    expect(robotFrameOverrides(shipped, [{ name: "no_such_sensor", x: 1, y: 2, yaw: 3 }])).toEqual({});
  });
});
