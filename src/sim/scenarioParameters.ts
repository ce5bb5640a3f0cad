import type { ManagedNode } from "../runtime/ManagedNode";
import type { NodeDefinition } from "../runtime/port";

/**
 * The launcher_control parameters the scenario and the baselines set, each with the names it may
 * have (the first one the node's schema declares is used). Baselines whose parameter the node
 * lacks are reported as not applied rather than silently run as the full chain.
 */
export const LAUNCHER_PARAMETER_CANDIDATES = {
  /** Launch efficiency the calibration phase fits [1]. */
  efficiency: ["wheel.efficiency", "efficiency", "calibration.efficiency"],
  /** Fixed launch angle [rad]. */
  launchAngle: ["ballistics.launch_angle", "launch_angle", "launcher.launch_angle", "shot.launch_angle"],
  /** Whether the launcher has an adjustable hood [bool]. */
  hood: ["hood.enabled", "launcher.hood", "ballistics.hood"],
  /** Drag coefficient of the controller's model [1] (drag-free baseline: 0). */
  dragCoefficient: ["ballistics.drag_coefficient", "drag_coefficient"],
  /** Wheel radius [m]. */
  wheelRadius: ["wheel.radius", "wheel.wheel_radius", "wheel_radius"],
  /** Release height [m]. */
  releaseHeight: ["ballistics.release_height", "release_height"],
  /** Air density [kg/m^3]. */
  airDensity: ["ballistics.air_density", "air_density"],
  /** The 7-point table (table7 baseline): distances [m] and wheel speed multipliers [1]. */
  correctionKeys: ["wheel.correction_keys", "correction_keys", "table.distances"],
  correctionFactors: ["wheel.correction_factors", "correction_factors", "table.factors"],
} as const;

export type LauncherParameter = keyof typeof LAUNCHER_PARAMETER_CANDIDATES;

/** The name `definition` uses for a launcher parameter, or undefined when it has none. */
export function launcherParameterName(definition: NodeDefinition, parameter: LauncherParameter): string | undefined {
  return LAUNCHER_PARAMETER_CANDIDATES[parameter].find((name) => name in definition.schema);
}

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
