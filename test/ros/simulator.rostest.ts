/**
 * The simulator on a real ROS 2 graph: `ros2 launch robocon_shooter sim.launch.py` as shipped (rviz2
 * is not in this ROS, so the launch must say so and go on), a shot fired through the real graph and
 * judged by sim_launcher; and the in-process simulator's bag checked with `ros2 bag info`, then
 * played by `ros2 bag play --clock` into a freshly launched shooter.launch.py on sim time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { yawFromQuaternion } from "../../src/msgs/builders";
import type { Bool, Float64MultiArray, Odometry } from "../../src/msgs/types";
import { loadParamsFile } from "../../src/runtime/paramsFile";
import { robotFramePoses } from "../../src/nodes/robot_frames.schema";
import { targetEstimationParametersFromFiles } from "../../src/nodes/target_estimation.schema";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { describeWithRos } from "./rosEnvironment";
import { repoRoot, ros2, rosSuite, run, waitForLifecycleState, waitUntil, type BackgroundProcess, type Received } from "./rosGraph";

const SIM_NODES = ["laser_ranging", "target_estimation", "launcher_control", "sim_world", "sim_launcher"] as const;
/** Inputs a robot's drivers publish; the bag's recorded node outputs are left out of the play. */
const DRIVER_TOPICS = ["/scan", "/range/left", "/range/right", "/odom", "/joint_states"] as const;

const validEstimate = (estimates: readonly Received<Odometry>[]): boolean => estimates.some((e) => (e.message.pose.covariance[0] ?? -1) >= 0);

describeWithRos("the simulator and its bags on ROS 2", () => {
  const suite = rosSuite();
  const workspace = suite.workspace;
  const started = suite.probe;

  it("sim.launch.py as shipped starts without rviz2, every node goes active, a fired ball is judged, tf2 resolves map -> laser, and one Ctrl-C ends it cleanly", async () => {
    const estimates = started().record("nav_msgs/msg/Odometry", "/target/estimate", "reliable");
    const ready: Received<Bool>[] = started().record("std_msgs/msg/Bool", "/launcher/ready", "reliable");
    const truth: Received<Odometry>[] = started().record("nav_msgs/msg/Odometry", "/sim/ground_truth", "reliable");
    const sim = suite.launch(["launch", "robocon_shooter", "sim.launch.py"]);
    let stopped: { code: number | null; killed: boolean } | undefined;
    try {
      await simulateOneShot(sim, estimates, ready);
      await lidarFrameResolves(truth);
    } finally {
      stopped = await sim.interrupt(30_000);
    }
    for (const node of SIM_NODES) expect(sim.output).toMatch(new RegExp(`\\[${node}-\\d+\\]: process has finished cleanly`));
    expect(sim.output.split("\n").filter((line) => /process has died/.test(line))).toEqual([]);
    expect(stopped).toEqual({ code: 0, signal: null, killed: false });
  }, 300_000);

  /**
   * What rviz2 needs, asked of tf2 itself: `tf2_echo map laser` chains target_estimation's
   * map -> odom (/tf), sim_world's odom -> base_link (/tf) and target_estimation's latched
   * base_link -> laser (/tf_static), and lands where the simulated lidar really is.
   */
  async function lidarFrameResolves(truth: readonly Received<Odometry>[]): Promise<void> {
    const latched = started().record("tf2_msgs/msg/TFMessage", "/tf_static", "tfStatic");
    const echo = suite.launch(["run", "tf2_ros", "tf2_echo", "map", "laser"]);
    try {
      const match = await echo.waitForOutput(/- Translation: \[(-?[\d.]+), (-?[\d.]+), (-?[\d.]+)\]/, 25_000);
      const robot = truth.at(-1)?.message.pose.pose;
      if (robot === undefined) throw new Error("no /sim/ground_truth heard");
      const yaw = yawFromQuaternion(robot.orientation);
      const lidar = loadParamsFile(path.join(repoRoot, "params", "shooter.yaml"), "target_estimation");
      const [mx, my, mz] = [Number(lidar["robot_frames.laser.x"]), Number(lidar["robot_frames.laser.y"]), Number(lidar["robot_frames.laser.z"])];
      const expected = [robot.position.x + Math.cos(yaw) * mx - Math.sin(yaw) * my, robot.position.y + Math.sin(yaw) * mx + Math.cos(yaw) * my, mz];
      // tf2_echo prints 3 decimals; the estimate is good to about a centimetre.
      const printed = [match[1], match[2], match[3]].map(Number);
      const worst = Math.max(...printed.map((value, i) => Math.abs(value - (expected[i] ?? Number.NaN))));
      expect({ printed, expected, within3cm: worst < 0.03 }).toMatchObject({ within3cm: true });
      await waitUntil(() => latched.length > 0, 10_000, () => "no latched /tf_static for a late subscriber");
      const children = latched[0]?.message.transforms.map((t) => t.child_frame_id) ?? [];
      expect(children).toEqual(expect.arrayContaining(["laser", "left_link", "right_link", "left_fence_link", "launcher"]));
    } finally {
      await echo.interrupt(10_000);
    }
  }

  /**
   * sim.launch.py composes each simulated sensor's pose from the `/**` robot_frames block in
   * Python (launch files cannot import the package's TypeScript): every range sensor and the lidar
   * on the running sim_world, as `ros2 param dump` shows them, must equal the package's own
   * composition (robotFramePoses) of the shipped block, frame by frame.
   */
  async function simulatedMountsAreTheRobotFrames(): Promise<void> {
    const dump = await ros2(workspace(), ["param", "dump", "/sim_world"]);
    expect(dump.code).toBe(0);
    const file = path.join(workspace().root, "sim_world.dump.yaml");
    fs.writeFileSync(file, dump.stdout);
    const world = loadParamsFile(file, "sim_world");
    const frames = robotFramePoses(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES));
    const sensors = (world["range_sensors.names"] as string[] | undefined) ?? [];
    expect(sensors.length).toBeGreaterThan(0);
    const mounts = [...sensors.map((sensor) => `range_sensors.${sensor}`), "lidar"];
    const compared = mounts.map((prefix) => {
      const frame = String(world[`${prefix}.frame_id`]);
      const expected = frames.get(frame);
      const simulated = ["x", "y", "z", "yaw"].map((axis) => Number(world[`${prefix}.${axis}`]));
      const worst = expected === undefined ? Infinity : Math.max(...[expected.x, expected.y, expected.z, expected.yaw].map((value, i) => Math.abs(value - (simulated[i] ?? Number.NaN))));
      return { prefix, frame, simulated, agrees: worst < 1e-9 };
    });
    expect(compared.filter((c) => !c.agrees)).toEqual([]);
  }

  async function simulateOneShot(sim: BackgroundProcess, estimates: readonly Received<Odometry>[], ready: readonly Received<Bool>[]): Promise<void> {
    await sim.waitForOutput(/rviz2 is not installed here/, 60_000);
    for (const node of SIM_NODES) await waitForLifecycleState(workspace(), node, "active", 60_000, () => `launch output:\n${sim.output.slice(-3000)}`);
    await simulatedMountsAreTheRobotFrames();
    await waitUntil(() => validEstimate(estimates), 60_000, () => `no valid target/estimate:\n${sim.output.slice(-3000)}`);
    await waitUntil(() => ready.some((r) => r.message.data), 60_000, () => `the launcher never got ready:\n${sim.output.slice(-3000)}`);
    // The gate may close again between a ready message and the service call (the wheel's dwell, a
    // late estimate on a busy machine): as an operator would, press fire until it takes the shot.
    let answer = "";
    await waitUntil(
      async () => {
        answer = (await ros2(workspace(), ["service", "call", "/launcher/fire", "std_srvs/srv/Trigger"])).stdout;
        return /success=True/.test(answer);
      },
      60_000,
      () => `fire never succeeded; last answer: ${answer}`,
    );
    expect(answer).toMatch(/message='fired at \d+\.\d+ m/);
    await sim.waitForOutput(/\[sim_launcher\]: shot 1: .*(MADE|miss)/, 30_000);
  }

  it("the simulator's bag passes ros2 bag info, and ros2 bag play of its driver topics drives the launched nodes", async () => {
    const bag = path.join(workspace().root, "sim_bag", "sim.mcap");
    const sim = await run(workspace(), process.execPath, [path.join(repoRoot, "bin", "robocon-shooter.js"), "sim", "--shots", "2", "--calibration-shots", "2", "--bag", bag, "--plots", "none", "--json"], 180_000);
    expect(sim.code).toBe(0);
    expect(fs.existsSync(bag)).toBe(true);
    const info = await ros2(workspace(), ["bag", "info", bag]);
    expect(info.code).toBe(0);
    for (const topic of DRIVER_TOPICS) expect(info.stdout).toMatch(new RegExp(`Topic: ${topic} \\| Type: [a-z_]+/msg/\\w+ \\| Count: [1-9]`));

    const commands: Received<Float64MultiArray>[] = started().record("std_msgs/msg/Float64MultiArray", "/launcher/effort_command", "reliable");
    const estimates = started().record("nav_msgs/msg/Odometry", "/target/estimate", "reliable");
    const shooter = suite.launch(["launch", "robocon_shooter", "shooter.launch.py", "use_sim_time:=true"]);
    for (const node of ["laser_ranging", "target_estimation", "launcher_control"]) await waitForLifecycleState(workspace(), node, "active", 60_000, () => `launch output:\n${shooter.output.slice(-3000)}`);
    try {
      expect((await ros2(workspace(), ["param", "get", "/target_estimation", "use_sim_time"])).stdout).toContain("Boolean value is: True");
      const play = await ros2(workspace(), ["bag", "play", bag, "--clock", "--topics", ...DRIVER_TOPICS], 120_000);
      expect(play.code).toBe(0);
      expect(validEstimate(estimates)).toBe(true);
      expect(commands.length).toBeGreaterThan(100);
    } finally {
      const stopped = await shooter.interrupt(30_000);
      expect(stopped.code).toBe(0);
    }
  }, 300_000);
});
