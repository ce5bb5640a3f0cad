import { createRequire } from "node:module";
import type { RclnodejsModule } from "./rclnodejsApi";

/** The one line a user sees when the ROS 2 runtime cannot be loaded. */
export const RCLNODEJS_MISSING_MESSAGE =
  "rclnodejs is not installed or not built: source your ROS 2 setup (e.g. source /opt/ros/jazzy/setup.bash) then run npm ci";

export class RclnodejsUnavailableError extends Error {
  constructor(cause: unknown) {
    super(RCLNODEJS_MISSING_MESSAGE, { cause });
    this.name = "RclnodejsUnavailableError";
  }
}

/**
 * Loads rclnodejs: the only place this package touches it at run time, so everything else (the
 * simulator, tests, the CLI) works on a machine without ROS 2. rclnodejs is an optional
 * dependency: `npm ci` skips it when its native addon cannot be built (no ROS 2 sourced), and
 * its prebuilt addon fails to load without the ROS 2 libraries; both end here as one clear error.
 */
export function loadRclnodejs(
  requireModule: (id: string) => unknown = createRequire(__filename),
  env: Readonly<Record<string, string | undefined>> = process.env,
): RclnodejsModule {
  // Without a sourced ROS 2, requiring rclnodejs starts a noisy, minutes-long attempt to compile
  // its addon from source that cannot succeed: say how to fix it instead.
  if (!env.ROS_DISTRO) throw new RclnodejsUnavailableError(new Error("ROS_DISTRO is not set: no ROS 2 setup is sourced"));
  let loaded: unknown;
  try {
    loaded = requireModule("rclnodejs");
  } catch (error) {
    throw new RclnodejsUnavailableError(error);
  }
  if (!looksLikeRclnodejs(loaded)) {
    throw new RclnodejsUnavailableError(new Error("the module named rclnodejs lacks init / lifecycle.LifecycleNode"));
  }
  return loaded;
}

function looksLikeRclnodejs(value: unknown): value is RclnodejsModule {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { init?: unknown; lifecycle?: { LifecycleNode?: unknown } };
  return typeof candidate.init === "function" && typeof candidate.lifecycle?.LifecycleNode === "function";
}
