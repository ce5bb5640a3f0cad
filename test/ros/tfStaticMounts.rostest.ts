/**
 * Mounts from /tf_static on a real ROS 2 graph (issue 17 item 3): the shipped
 * `shooter.launch.py` with a params file that says `robot_frames.source: tf_static` and
 * `publish_mount_tf: false` (the shipped file otherwise), beside the simulated robot of
 * `sim.launch.py shooter:=false` (its sensors at the shipped frames). No transform publisher at
 * first: both nodes wait, saying so on /diagnostics, laser_ranging publishes no virtual beam and
 * target_estimation no estimate. Then `ros2 run tf2_ros static_transform_publisher` for the lidar
 * and each DT35, one process each (three latched messages, merged by child frame), the left DT35
 * 1 cm off the block: the nodes take the mounts in place, without a lifecycle transition, the
 * beams are published, the estimate goes valid, and /diagnostics names the /tf_static mount and
 * the block's other number.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DiagnosticArray, DiagnosticStatus, LaserScan, Odometry, Range } from "../../src/msgs/types";
import { describeWithRos } from "./rosEnvironment";
import { repoRoot, ros2, rosSuite, sleep, waitForLifecycleState, waitUntil, type BackgroundProcess, type Received } from "./rosGraph";

/** The shipped params file, mounts from /tf_static: robot_frames.source tf_static, publish_mount_tf false. */
function tfStaticParams(dir: string): string {
  const shipped = fs.readFileSync(path.join(repoRoot, "params", "shooter.yaml"), "utf8");
  const text = shipped.replace(/^( {6}source:) params\b/m, "$1 tf_static").replace(/^( {4}publish_mount_tf:) true/m, "$1 false");
  if (!/^ {6}source: tf_static/m.test(text) || !/^ {4}publish_mount_tf: false/m.test(text)) throw new Error("params/shooter.yaml changed shape: the test cannot set robot_frames.source and publish_mount_tf");
  const file = path.join(dir, "shooter_tf_static.yaml");
  fs.writeFileSync(file, text);
  return file;
}

/** static_transform_publisher's Humble arguments for one mount in base_link. */
function staticTransform(child: string, x: number, y: number, z: number, yaw: number): string[] {
  return ["run", "tf2_ros", "static_transform_publisher", "--x", String(x), "--y", String(y), "--z", String(z), "--yaw", String(yaw), "--frame-id", "base_link", "--child-frame-id", child];
}

function latestStatus(diagnostics: readonly Received<DiagnosticArray>[], name: string): DiagnosticStatus | undefined {
  return diagnostics.flatMap((d) => d.message.status).filter((s) => s.name === name).at(-1);
}

function valueOf(status: DiagnosticStatus | undefined, key: string): string | undefined {
  return status?.values.find((kv) => kv.key === key)?.value;
}

const validEstimate = (e: Received<Odometry>): boolean => (e.message.pose.covariance[0] ?? -1) >= 0;

describeWithRos("mounts from /tf_static (robot_frames.source tf_static) on ROS 2", () => {
  const suite = rosSuite();
  const workspace = suite.workspace;
  const started = suite.probe;
  const launch = suite.launch;
  let firstShooter: BackgroundProcess | undefined;

  it("waits for /tf_static, saying so; takes the mounts from static_transform_publisher in place; the beams flow and the estimate goes valid", async () => {
    const diagnostics = started().record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", "reliable");
    const beam: Received<Range>[] = started().record("sensor_msgs/msg/Range", "/ranging/left_fence", "sensorData");
    const filtered: Received<LaserScan>[] = started().record("sensor_msgs/msg/LaserScan", "/ranging/scan_filtered", "sensorData");
    const estimates: Received<Odometry>[] = started().record("nav_msgs/msg/Odometry", "/target/estimate", "reliable");
    const shooter = launch(["launch", "robocon_shooter", "shooter.launch.py", `params_file:=${tfStaticParams(workspace().root)}`], "shooter.log");
    firstShooter = shooter;
    launch(["launch", "robocon_shooter", "sim.launch.py", "shooter:=false", "rviz:=false"], "robot.log");

    // Active, scans flowing, and no transform of the robot on /tf_static yet.
    for (const node of ["laser_ranging", "target_estimation"]) await waitForLifecycleState(workspace(), node, "active", 60_000, () => `launch output:\n${shooter.output.slice(-3000)}`);
    await waitUntil(() => filtered.length >= 30, 60_000, () => `${filtered.length} filtered scans: the simulated lidar is not heard`);
    await waitUntil(
      () => latestStatus(diagnostics, "target_estimation: mounts") !== undefined && latestStatus(diagnostics, "laser_ranging: mounts") !== undefined,
      20_000,
      () => "no mounts status on /diagnostics",
    );
    const rangingWaits = latestStatus(diagnostics, "laser_ranging: mounts");
    const estimatorWaits = latestStatus(diagnostics, "target_estimation: mounts");
    expect(rangingWaits?.message).toContain("waiting for /tf_static: laser -> left_fence_link");
    expect(estimatorWaits?.message).toContain("waiting for /tf_static: base_link -> left_link, base_link -> right_link, base_link -> left_fence_link");
    expect(beam).toEqual([]);
    expect(estimates.filter(validEstimate)).toEqual([]);

    // The lidar and the DT35s, one static_transform_publisher each; the left DT35 1 cm forward of the block's 0 (along the side fence it reads).
    const publishedAt = Date.now();
    launch(staticTransform("laser", 0.2, 0, 0.05, 0), "tf_laser.log");
    launch(staticTransform("left_link", 0.01, 0.25, 0.05, 1.5708), "tf_left.log");
    launch(staticTransform("right_link", -0.25, 0, 0.05, 3.1416), "tf_right.log");

    await waitUntil(() => beam.some((b) => Number.isFinite(b.message.range)), 60_000, () => `no finite ranging/left_fence after the static transforms (${beam.length} messages)`);
    await waitUntil(() => estimates.some(validEstimate), 90_000, () => `no valid target/estimate in ${estimates.length} after the static transforms`);
    // One more report after both took the mounts.
    const tookAt = Date.now();
    await waitUntil(() => diagnostics.some((d) => d.at > tookAt + 1500), 10_000, () => "no /diagnostics after the estimate went valid");
    await sleep(0);

    const ranging = latestStatus(diagnostics, "laser_ranging: mounts");
    expect(ranging?.level).toBe(0);
    expect(ranging?.message).toContain("from /tf_static: laser -> left_fence_link (x 0.000 m, y 0.000 m, z 0.000 m, yaw 1.5708 rad)");
    const estimator = latestStatus(diagnostics, "target_estimation: mounts");
    // WARN: /tf_static wins over the block's left_link, and both numbers are named.
    expect(estimator?.level).toBe(1);
    expect(estimator?.message).toBe("left_link: /tf_static (x 0.010 m, y 0.250 m, z 0.050 m, yaw 1.5708 rad) differs from robot_frames (x 0.000 m, y 0.250 m, z 0.050 m, yaw 1.5708 rad) (in base_link): /tf_static used");
    expect(valueOf(estimator, "left_link")).toBe("(x 0.010 m, y 0.250 m, z 0.050 m, yaw 1.5708 rad) (from /tf_static)");
    expect(valueOf(estimator, "left_fence_link")).toBe("(x 0.200 m, y 0.000 m, z 0.050 m, yaw 1.5708 rad) (its robot_frames parent's pose from /tf_static and its block offset)");
    // In place: still active, never deactivated; the beam began only after the transforms.
    for (const node of ["laser_ranging", "target_estimation"]) expect(await waitForLifecycleState(workspace(), node, "active", 1, () => "it was active before")).toMatch(/^active \[3\]/);
    expect(Math.min(...beam.map((b) => b.at))).toBeGreaterThan(publishedAt);
    expect(shooter.output).toMatch(/\[target_estimation-\d+\].*mounts from \/tf_static: base_link -> left_link/);
  }, 300_000);

  it("configure, then activate seconds later (a lifecycle manager): the latched /tf_static delivered once in between is kept, and the beams flow on activate", async () => {
    // The static_transform_publishers of the test above are still up; the shooter is started again, unconfigured.
    await firstShooter?.interrupt(20_000);
    const beam: Received<Range>[] = started().record("sensor_msgs/msg/Range", "/ranging/left_fence", "sensorData");
    const diagnostics = started().record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", "reliable");
    const shooter = launch(["launch", "robocon_shooter", "shooter.launch.py", `params_file:=${tfStaticParams(workspace().root)}`, "autostart:=false"], "shooter_unconfigured.log");
    await waitForLifecycleState(workspace(), "laser_ranging", "unconfigured", 60_000, () => `launch output:\n${shooter.output.slice(-3000)}`);
    expect((await ros2(workspace(), ["lifecycle", "set", "/laser_ranging", "configure"], 30_000)).stdout).toContain("Transitioning successful");
    // Inactive long enough for DDS to deliver the three latched messages (once each, as transient local does).
    await sleep(3000);
    expect(beam).toEqual([]);
    const activatedAt = Date.now();
    expect((await ros2(workspace(), ["lifecycle", "set", "/laser_ranging", "activate"], 30_000)).stdout).toContain("Transitioning successful");
    await waitUntil(() => beam.some((b) => Number.isFinite(b.message.range)), 20_000, () => `no finite ranging/left_fence after activate (${beam.length} messages): the /tf_static sample delivered while inactive was lost`);
    await waitUntil(() => diagnostics.some((d) => d.at > activatedAt && d.message.status.some((s) => s.name === "laser_ranging: mounts")), 10_000, () => "no mounts status after activate");
    expect(latestStatus(diagnostics, "laser_ranging: mounts")?.level).toBe(0);
  }, 180_000);
});
