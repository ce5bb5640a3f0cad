import { AngularWindowFilter, parseAngularWindowMode } from "./AngularWindowFilter";
import { RangeGateFilter } from "./RangeGateFilter";
import { parseZeroMeaning } from "./rep117";
import type { ScanFilter } from "./ScanFilter";
import { ShadowFilter } from "./ShadowFilter";
import { SpatialMedianFilter } from "./SpatialMedianFilter";
import { SpeckleFilter } from "./SpeckleFilter";
import { TemporalMedianScanFilter } from "./TemporalMedianScanFilter";

export type FilterParamValue = number | boolean | string;

/** One entry of a scan filter chain, as written in the YAML (laser_filters' filterN: {type, params}). */
export interface ScanFilterConfig {
  readonly type: string;
  readonly params?: Readonly<Record<string, FilterParamValue>>;
}

type ParamKind = "number" | "integer" | "string";

interface FilterEntry {
  /** Parameter name -> kind; defaults and ranges live in the filter's constructor. */
  readonly params: Readonly<Record<string, ParamKind>>;
  readonly create: (p: Readonly<Record<string, FilterParamValue>>) => ScanFilter;
}

// Values are type-checked against `params` before `create` runs, so these casts are safe. A string
// enum (zero_means, mode) is parsed here, the one place YAML text reaches a filter, so the filters'
// constructors take typed values and need no check of their own.
const num = (p: Readonly<Record<string, FilterParamValue>>, k: string): number | undefined => p[k] as number | undefined;
const str = (p: Readonly<Record<string, FilterParamValue>>, k: string): string | undefined => p[k] as string | undefined;
/** `p[k]` parsed by `parse` (which throws naming the value), or undefined when not given. */
const parsed = <T>(p: Readonly<Record<string, FilterParamValue>>, k: string, parse: (value: string) => T): T | undefined => {
  const value = str(p, k);
  return value === undefined ? undefined : parse(value);
};

/** Every scan filter type the chain understands, with its parameters. */
export const SCAN_FILTER_TYPES: Readonly<Record<string, FilterEntry>> = {
  range_gate: {
    params: { lower_threshold_m: "number", upper_threshold_m: "number", zero_means: "string" },
    create: (p) =>
      new RangeGateFilter({
        lower_threshold_m: num(p, "lower_threshold_m"),
        upper_threshold_m: num(p, "upper_threshold_m"),
        zero_means: parsed(p, "zero_means", parseZeroMeaning),
      }),
  },
  angular_window: {
    params: { lower_angle_rad: "number", upper_angle_rad: "number", mode: "string" },
    create: (p) =>
      new AngularWindowFilter({
        lower_angle_rad: num(p, "lower_angle_rad"),
        upper_angle_rad: num(p, "upper_angle_rad"),
        mode: parsed(p, "mode", parseAngularWindowMode),
      }),
  },
  spatial_median: {
    params: { window: "integer" },
    create: (p) => new SpatialMedianFilter({ window: num(p, "window") }),
  },
  temporal_median: {
    params: { window: "integer" },
    create: (p) => new TemporalMedianScanFilter({ window: num(p, "window") }),
  },
  speckle: {
    params: { max_range_difference_m: "number", half_window: "integer", min_neighbors: "integer" },
    create: (p) =>
      new SpeckleFilter({
        max_range_difference_m: num(p, "max_range_difference_m"),
        half_window: num(p, "half_window"),
        min_neighbors: num(p, "min_neighbors"),
      }),
  },
  shadow: {
    params: { min_angle_rad: "number", max_angle_rad: "number", window: "integer", neighbors: "integer" },
    create: (p) =>
      new ShadowFilter({
        min_angle_rad: num(p, "min_angle_rad"),
        max_angle_rad: num(p, "max_angle_rad"),
        window: num(p, "window"),
        neighbors: num(p, "neighbors"),
      }),
  },
};

/**
 * Builds one filter from its config, or throws an Error naming the entry (`where`), the offending
 * parameter and the accepted ones.
 */
export function createScanFilter(config: ScanFilterConfig, where = "filter"): ScanFilter {
  const entry = Object.prototype.hasOwnProperty.call(SCAN_FILTER_TYPES, config.type) ? SCAN_FILTER_TYPES[config.type] : undefined;
  if (entry === undefined) {
    throw new Error(`${where}: unknown filter type "${config.type}" (known: ${Object.keys(SCAN_FILTER_TYPES).join(", ")})`);
  }
  const params = config.params ?? {};
  const known = Object.keys(entry.params);
  for (const [key, value] of Object.entries(params)) {
    const kind = Object.prototype.hasOwnProperty.call(entry.params, key) ? entry.params[key] : undefined;
    if (kind === undefined) {
      throw new Error(`${where} (${config.type}): unknown parameter "${key}" (known: ${known.join(", ")})`);
    }
    const ok =
      kind === "string" ? typeof value === "string" : kind === "integer" ? Number.isInteger(value) : typeof value === "number";
    if (!ok) throw new Error(`${where} (${config.type}): parameter "${key}" must be ${kind === "integer" ? "an integer" : `a ${kind}`}, got ${JSON.stringify(value)}`);
  }
  try {
    return entry.create(params);
  } catch (e) {
    throw new Error(`${where} (${config.type}): ${e instanceof Error ? e.message : String(e)}`);
  }
}
