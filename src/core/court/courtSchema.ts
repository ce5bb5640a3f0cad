import type { ParameterDescriptor, ParameterRule, ParameterSchema, ParameterValue } from "../parameters/schema";
import { buildCourtMap, COURT_SPEC_PARAMETERS, courtSpecNumbers, type CourtMap, type CourtSpecNumber } from "./courtMap";

/**
 * The court parameters (flat ROS 2 names; nested YAML `court: { hoop: { x: ... } }` flattens to
 * `court.hoop.x`). Defaults: ABU Robocon 2025 (docs/domain.md). The hoop position, backboard offset and
 * pole are not in the rulebook: they default to FIBA geometry and must be measured on your court.
 */
export const courtSchema: ParameterSchema = {
  "court.length": d(15.0, "m", "Inner length of the fence along x (court frame origin at the court centre)", 1, 100),
  "court.width": d(8.0, "m", "Inner width of the fence along y", 1, 100),
  "court.fence.height": d(0.1, "m", "Fence height above the floor; a ray mounted higher passes over it", 0.001, 10),
  "court.fence.thickness": d(0.05, "m", "Fence thickness outwards from its inner face", 0.001, 1),
  "court.hoop.x": d(5.925, "m", "Target rim centre x (FIBA: 1.575 m in from the end line); measure your court", -50, 50),
  "court.hoop.y": d(0.0, "m", "Target rim centre y; measure your court", -50, 50),
  "court.hoop.facing": d(Math.PI, "rad", "Direction the backboard faces (board towards rim); pi: the board faces -x, towards the court centre", -2 * Math.PI, 2 * Math.PI),
  "court.hoop.rim_height": d(2.43, "m", "Rim height above the floor", 0.1, 10),
  "court.hoop.rim_inner_diameter": d(0.45, "m", "Rim inner diameter (rulebook 0.450-0.459 m)", 0.1, 2),
  "court.backboard.width": d(1.8, "m", "Backboard width (horizontal)", 0.01, 10),
  "court.backboard.height": d(1.05, "m", "Backboard height (vertical)", 0.01, 10),
  "court.backboard.bottom_height": d(2.28, "m", "Height of the backboard's lower edge above the floor (FIBA: 0.15 m below the rim)", 0, 10),
  "court.backboard.offset": d(0.375, "m", "Horizontal distance from the board face to the rim centre (FIBA 0.375 m)", 0, 5),
  "court.pole.x": d(7.0, "m", "Hoop support pole centre x (not in the rulebook: an assumption, measure it)", -50, 50),
  "court.pole.y": d(0.0, "m", "Hoop support pole centre y", -50, 50),
  "court.pole.radius": d(0.1, "m", "Hoop support pole radius", 0.005, 2),
  "court.pole.height": d(2.28, "m", "Height of the pole's cylindrical part above the floor", 0.01, 10),
  "court.second_hoop": {
    type: "bool",
    default: true,
    unit: "",
    description: "A second hoop, backboard and pole point-mirrored about the court centre (the other end)",
    readOnly: true,
  },
};

/**
 * What courtSchema cannot say key by key and buildCourtMap refuses: the hoop on the court, and
 * away from its centre when it is mirrored. Checked by target_estimation at configure and by
 * `params --check`, naming the keys.
 */
export const courtRules: readonly ParameterRule[] = [
  insideHalf("court.hoop.x", "court.length"),
  insideHalf("court.hoop.y", "court.width"),
  {
    keys: ["court.second_hoop", "court.hoop.x", "court.hoop.y", "court.hoop.rim_inner_diameter"],
    check: (v) => {
      const [x, y, diameter] = [v["court.hoop.x"], v["court.hoop.y"], v["court.hoop.rim_inner_diameter"]];
      if (v["court.second_hoop"] !== true || typeof x !== "number" || typeof y !== "number" || typeof diameter !== "number") return undefined;
      if (Math.hypot(x, y) >= diameter) return undefined;
      return `needs the hoop away from the court centre (its mirror image would overlap it), got 'court.hoop.x' = ${x}, 'court.hoop.y' = ${y}`;
    },
  },
];

/** |`key`| < `sizeKey` / 2: a point inside the fence. */
function insideHalf(key: string, sizeKey: string): ParameterRule {
  return {
    keys: [key, sizeKey],
    check: (v) => {
      const value = v[key];
      const size = v[sizeKey];
      if (typeof value !== "number" || typeof size !== "number" || Math.abs(value) < size / 2) return undefined;
      return `puts the hoop outside the court: |${key}| must be < '${sizeKey}' / 2 = ${size / 2}`;
    },
  };
}

function d(value: number, unit: string, description: string, min: number, max: number): ParameterDescriptor {
  return { type: "double", default: value, unit, description, min, max, readOnly: true };
}

/**
 * The court map from flat parameter values (missing keys take the schema default). Throws naming
 * the key and the value for a wrong type, an out-of-range value or an inconsistent court.
 */
export function courtMapFromParameters(values: Readonly<Record<string, ParameterValue | undefined>>): CourtMap {
  for (const key of Object.keys(values)) {
    // A misspelt key would otherwise silently leave its default in force.
    if (key.startsWith("court.") && !(key in courtSchema)) {
      throw new Error(`${key} is not a court parameter (got ${JSON.stringify(values[key])}); known: ${Object.keys(courtSchema).join(", ")}`);
    }
  }
  const num = (key: string): number => {
    const descriptor = courtSchema[key];
    const value = values[key] ?? descriptor?.default;
    if (typeof value !== "number") {
      throw new Error(`${key} must be a number, got ${JSON.stringify(value)}`);
    }
    if (descriptor?.min !== undefined && !(value >= descriptor.min)) {
      throw new Error(`${key} must be >= ${descriptor.min} ${descriptor.unit}, got ${value}`);
    }
    if (descriptor?.max !== undefined && !(value <= descriptor.max)) {
      throw new Error(`${key} must be <= ${descriptor.max} ${descriptor.unit}, got ${value}`);
    }
    return value;
  };
  const secondHoop = values["court.second_hoop"] ?? courtSchema["court.second_hoop"]?.default;
  if (typeof secondHoop !== "boolean") {
    throw new Error(`court.second_hoop must be a bool, got ${JSON.stringify(secondHoop)}`);
  }
  const numbers: Partial<Record<CourtSpecNumber, number>> = {};
  for (const field of courtSpecNumbers()) numbers[field] = num(COURT_SPEC_PARAMETERS[field].key);
  // The loop filled every numeric field (the table names them all).
  const spec = { ...(numbers as Record<CourtSpecNumber, number>), secondHoop };
  return buildCourtMap(spec);
}

/** The court map with every parameter at its default (the ABU Robocon 2025 court). */
export function defaultCourtMap(): CourtMap {
  return courtMapFromParameters({});
}
