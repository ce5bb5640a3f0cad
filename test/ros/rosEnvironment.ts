/**
 * Whether this machine can run the real-ROS suites, and the one way they skip or fail when it
 * cannot: `describeWithRos` skips with the reason printed, or (ROBOCON_SHOOTER_REQUIRE_ROS=1, as
 * CI sets beside ../shared/ros2) fails with it.
 *
 * rclnodejs is loaded in a child process, never in the Jest process: rclnodejs 2.x is partly an
 * ES module, which Jest's module system cannot require (Node itself can). The suites talk to the
 * graph through child processes (src/ros/topicProbe.ts, the `ros2` CLI).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { RCLNODEJS_MISSING_MESSAGE } from "../../src/runtime/rclnodejs/loadRclnodejs";

export type RosAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

const repoRoot = path.resolve(__dirname, "..", "..");
let cached: RosAvailability | undefined;

export function rosAvailability(): RosAvailability {
  if (cached !== undefined) return cached;
  if (!process.env.ROS_DISTRO) {
    cached = { available: false, reason: "ROS 2 is not sourced (no ROS_DISTRO): source its setup.bash, then npm ci" };
    return cached;
  }
  const probe = spawnSync(process.execPath, ["-e", "require('rclnodejs')"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  cached =
    probe.status === 0
      ? { available: true }
      : { available: false, reason: `${RCLNODEJS_MISSING_MESSAGE} (require('rclnodejs'): ${probe.stderr.split("\n").find((l) => /Error/.test(l)) ?? `exit ${String(probe.status)}`})` };
  return cached;
}

export const rosRequired = process.env.ROBOCON_SHOOTER_REQUIRE_ROS === "1";

/** A describe block that needs a sourced ROS 2 with rclnodejs built against it. */
export function describeWithRos(name: string, body: () => void): void {
  const ros = rosAvailability();
  if (ros.available) {
    describe(name, body);
    return;
  }
  if (rosRequired) {
    describe(name, () => {
      it("needs a real ROS 2 (ROBOCON_SHOOTER_REQUIRE_ROS=1)", () => {
        throw new Error(ros.reason);
      });
    });
    return;
  }
  process.stderr.write(`SKIPPED ${name}: ${ros.reason}\n`);
  describe.skip(name, () => {
    it("needs a real ROS 2", () => undefined);
  });
}
