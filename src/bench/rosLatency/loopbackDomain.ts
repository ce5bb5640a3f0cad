import * as path from "node:path";
import { PACKAGE_ROOT } from "../../package/defaultParams";

/**
 * The environment that puts a process of this package's own tooling (the real-ROS tests, the ROS 2
 * latency benchmark) on one DDS domain of its own, on the loopback interface only
 * (scripts/ros/cyclonedds-loopback.xml), so parallel runs and the network are safe:
 * ROBOCON_SHOOTER_ROS_DOMAIN_ID if set, else one of 20..89 from the process id (0-101 are valid).
 * ROS_LOCALHOST_ONLY must be left out of the environment it is merged into (`withLoopbackDomain`).
 */
export function loopbackDomainSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    ROS_DOMAIN_ID: env.ROBOCON_SHOOTER_ROS_DOMAIN_ID ?? String(20 + (process.pid % 70)),
    CYCLONEDDS_URI: `file://${path.join(PACKAGE_ROOT, "scripts", "ros", "cyclonedds-loopback.xml")}`,
    RCUTILS_COLORIZED_OUTPUT: "0",
  };
}

/** `env` with loopbackDomainSettings in and ROS_LOCALHOST_ONLY (which the loopback config replaces) out. */
export function withLoopbackDomain(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...env, ...loopbackDomainSettings(env) };
  delete merged.ROS_LOCALHOST_ONLY;
  return merged;
}
