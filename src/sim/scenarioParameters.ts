import type { ManagedNode } from "../runtime/ManagedNode";
import type { NodeDefinition } from "../runtime/port";

/** The launcher_control parameters the scenario reads or sets (calibration, hood, baselines). */
export const LAUNCHER_PARAMETERS = {
  /** Launch efficiency the calibration phase fits [1]. */
  efficiency: "wheel.efficiency",
  /** Fixed launch angle [rad]. */
  launchAngle: "launch.angle_rad",
  /** "fixed" or "adjustable" (a hood). */
  launchMode: "launch.mode",
  /** An adjustable hood's range [rad]. */
  hoodMin: "launch.min_angle_rad",
  hoodMax: "launch.max_angle_rad",
  /** Drag coefficient of the controller's model [1] (drag-free baseline: 0). */
  dragCoefficient: "ballistics.drag_coefficient",
  /** Wheel radius [m]. */
  wheelRadius: "wheel.radius_m",
  /** The table7 baseline's distance-keyed correction table. */
  correctionKey: "wheel.correction_key",
  correctionKeys: "wheel.correction_keys",
  correctionFactors: "wheel.correction_factors",
} as const;

/** A numeric value a configured node holds, or undefined. */
export function nodeNumber(node: ManagedNode, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  const value = node.parameterValues[name];
  return typeof value === "number" ? value : undefined;
}

/** Keeps only the overrides a definition declares (schema or group keys), listing the rest. */
export function declaredOnly(definition: NodeDefinition, values: Readonly<Record<string, unknown>>): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  const groups = Object.keys(definition.groups ?? {});
  for (const [key, value] of Object.entries(values)) {
    if (key in definition.schema || groups.some((g) => key.startsWith(`${g}.`))) kept[key] = value;
    else dropped.push(key);
  }
  return { kept, dropped };
}
