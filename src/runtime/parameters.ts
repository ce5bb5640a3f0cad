/**
 * Parameter schemas: the single source of every parameter's name, type, default, unit, range and
 * description. Both runtimes validate what a params YAML (or `ros2 param set`) gives against them,
 * and the README's parameter table is generated from them.
 */

export type ParameterType =
  | "bool"
  | "integer"
  | "double"
  | "string"
  | "bool_array"
  | "integer_array"
  | "double_array"
  | "string_array";

export type ParameterValue = boolean | number | string | boolean[] | number[] | string[];

export interface ParameterDescriptor {
  readonly type: ParameterType;
  /** Value used when the params file does not set it. Omitted: the parameter is required. */
  readonly default?: ParameterValue;
  /** What it means, for the README and `ros2 param describe`. */
  readonly description: string;
  /** SI unit ("m", "s", "rad", "rad/s", "kg/m^3", ...); "1" for dimensionless, "" for text / flags. */
  readonly unit: string;
  /** Inclusive bounds for numbers, applied to each element of a numeric array. */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of a string parameter. */
  readonly choices?: readonly string[];
  /** Required length of an array parameter, or [min, max] lengths. */
  readonly length?: number | readonly [number, number];
  /** Only settable at start-up (from the params file), refused at run time. */
  readonly readOnly?: boolean;
}

/** Flat parameter names (ROS 2 style, dotted for nested YAML keys) to their descriptors. */
export type ParameterSchema = Readonly<Record<string, ParameterDescriptor>>;
