import type { ParameterDescriptor } from "../../core/parameters/schema";

/** A read-only double parameter with bounds: the sim's parameters are set at start-up. */
export function num(value: number, unit: string, description: string, min: number, max: number): ParameterDescriptor {
  return { type: "double", default: value, unit, description, min, max, readOnly: true };
}

export function int(value: number, unit: string, description: string, min: number, max: number): ParameterDescriptor {
  return { type: "integer", default: value, unit, description, min, max, readOnly: true };
}

export function flag(value: boolean, description: string): ParameterDescriptor {
  return { type: "bool", default: value, unit: "", description, readOnly: true };
}

export function text(value: string, description: string, choices?: readonly string[]): ParameterDescriptor {
  return { type: "string", default: value, unit: "", description, readOnly: true, ...(choices ? { choices } : {}) };
}

/** Topics the simulator adds beside the package's contract (ground truth, driving, markers). */
export const SIM_TOPICS = {
  /** nav_msgs/Odometry in `map`: the robot's true pose (for sim_launcher, rviz and evaluation). */
  groundTruth: "sim/ground_truth",
  /** geometry_msgs/PoseWithCovarianceStamped in `map`: where sim_world drives the robot. */
  driveTo: "sim/drive_to",
  /** visualization_msgs/MarkerArray: the court as the simulator sees it (transient local). */
  courtMarkers: "sim/court_markers",
  /** visualization_msgs/MarkerArray: each ball's true flight. */
  trajectory: "sim/trajectory",
} as const;
