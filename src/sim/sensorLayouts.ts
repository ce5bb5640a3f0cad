/**
 * Where the simulated sensors sit on the robot for each `--sensors` choice, as sim_world
 * parameters. The estimator must be told the same mounts (params/shooter.yaml): these are the
 * numbers to copy there. base_link: x forward, y left; heights above the floor [m]; yaw [rad].
 *
 * The fence is 0.10 m high, so a laser meant to see it must sit below that (0.05 m here).
 * As params/shooter.yaml describes the robot: `left` looks at the left side fence, `right` looks
 * backwards at the end fence behind the robot, the lidar sits at the front of the base. The
 * scenario replaces these mounts by the robot frames target_estimation reads (each range input's
 * and the lidar's frame in the `robot_frames` block), so the sim and the estimator cannot disagree.
 */
export type SensorSuite = "dt35" | "tfmini" | "lidar" | "mixed";

export const SENSOR_SUITES: readonly SensorSuite[] = ["dt35", "tfmini", "lidar", "mixed"];

export interface PointSensorMount {
  readonly name: string;
  readonly model: "dt35" | "tfmini";
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

const POINT_MOUNTS: readonly Omit<PointSensorMount, "model">[] = [
  { name: "left", x: 0, y: 0.2, z: 0.05, yaw: Math.PI / 2 },
  { name: "right", x: -0.2, y: 0, z: 0.05, yaw: Math.PI },
];

/** The lidar's mount in base_link (x, y, z [m], yaw [rad]). */
export const LIDAR_MOUNT = { x: 0.2, y: 0, z: 0.05, yaw: 0 } as const;

export interface SensorLayout {
  readonly points: readonly PointSensorMount[];
  readonly lidar: boolean;
  readonly lidarMount?: { readonly x: number; readonly y: number; readonly z: number; readonly yaw: number };
}

export function sensorLayout(suite: SensorSuite): SensorLayout {
  switch (suite) {
    case "dt35":
      return { points: POINT_MOUNTS.map((m) => ({ ...m, model: "dt35" })), lidar: false };
    case "tfmini":
      return { points: POINT_MOUNTS.map((m) => ({ ...m, model: "tfmini" })), lidar: false };
    case "lidar":
      return { points: [], lidar: true };
    case "mixed":
      return { points: POINT_MOUNTS.map((m) => ({ ...m, model: "dt35" })), lidar: true };
    default: {
      const unknown: never = suite;
      throw new Error(`unknown sensor suite ${String(unknown)}`);
    }
  }
}

/** The layout as sim_world parameter overrides (flat dotted names). */
export function simWorldSensorParameters(layout: SensorLayout): Record<string, unknown> {
  const lidar = layout.lidarMount ?? LIDAR_MOUNT;
  const values: Record<string, unknown> = {
    "range_sensors.names": layout.points.map((m) => m.name),
    "lidar.enabled": layout.lidar,
    "lidar.x": lidar.x,
    "lidar.y": lidar.y,
    "lidar.z": lidar.z,
    "lidar.yaw": lidar.yaw,
  };
  for (const m of layout.points) {
    values[`range_sensors.${m.name}.model`] = m.model;
    values[`range_sensors.${m.name}.x`] = m.x;
    values[`range_sensors.${m.name}.y`] = m.y;
    values[`range_sensors.${m.name}.z`] = m.z;
    values[`range_sensors.${m.name}.yaw`] = m.yaw;
  }
  return values;
}
