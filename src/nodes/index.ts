import type { NodeDefinition } from "../runtime/port";
import { laserRanging } from "./laser_ranging";
import { launcherControl } from "./launcher_control";
import { targetEstimation } from "./target_estimation";

/** The package's nodes by executable name (lib/robocon_shooter/<name>). */
export const nodeDefinitions: Readonly<Record<string, NodeDefinition>> = {
  laser_ranging: laserRanging,
  target_estimation: targetEstimation,
  launcher_control: launcherControl,
};
