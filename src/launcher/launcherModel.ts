import { launcherConfigFromParameters, launcherModelSchema, type LauncherConfig } from "../core/ballistics/launcherParameters";
import { describeParamsSelection, selectParamsFiles, type ParamsSelection } from "../package/defaultParams";
import { launcherControl } from "../nodes/launcher_control";
import { resolveParameters, type ParameterValue } from "../core/parameters/schema";
import { loadParamsFiles } from "../runtime/paramsFile";

/**
 * The launcher model a command ran with (the keys of launcher_control that decide where a ball
 * goes), and where each value came from: what `table`, `calibrate`, `sim`, `replay` and `demo`
 * print, so that no figure comes from a robot nobody named.
 */

/** launcher_control's values from params files, resolved as the node resolves them, with the file (or the schema default) of each. */
export interface LauncherParameters {
  readonly selection: ParamsSelection;
  readonly values: Record<string, ParameterValue>;
  /** The file a value came from, or what set it on top (an option such as --angle); "defaults of launcher_control" for a schema default. */
  readonly sourceOf: (key: string) => string;
}

/** launcher_control's parameters from the selected files (unknown keys and bad values are errors naming the file and the key). */
export function loadLauncherParameterSet(selection: ParamsSelection): LauncherParameters {
  const loaded = loadParamsFiles(selection.files, launcherControl.name, "/", launcherControl);
  return { selection, values: resolveParameters(launcherControl, loaded.values, loaded.sourceOf, undefined, loaded.fromNodeBlock), sourceOf: loaded.sourceOf };
}

/** The same parameters with `changes` set on top, each credited to `label` (e.g. "--angle"). */
function withOverrides(parameters: LauncherParameters, changes: Readonly<Record<string, ParameterValue>>, label: string): LauncherParameters {
  const keys = new Set(Object.keys(changes));
  if (keys.size === 0) return parameters;
  return {
    selection: parameters.selection,
    values: { ...parameters.values, ...changes },
    sourceOf: (key) => (keys.has(key) ? label : parameters.sourceOf(key)),
  };
}

/** `--json`'s `launcher_model`: the same keys from every command. */
export interface LauncherModelJson {
  readonly source: {
    /** shipped (the package's params files), given (--params-file) or none (the schema defaults). */
    readonly origin: ParamsSelection["origin"];
    readonly files: readonly string[];
    /** Shown keys whose value came from no file: "schema default", or what set it (an option, the simulator). */
    readonly not_from_files: Readonly<Record<string, string>>;
  };
  readonly launch:
    | { readonly mode: "fixed"; readonly angle_rad: number }
    | { readonly mode: "adjustable"; readonly min_angle_rad: number; readonly max_angle_rad: number };
  readonly wheel: {
    readonly radius_m: number;
    /** Exit speed / wheel surface speed at zero surface speed [1]. */
    readonly efficiency: number;
    /** Change of the efficiency per m/s of surface speed [s/m]. */
    readonly efficiency_slope_spm: number;
    readonly max_speed_radps: number;
    /** Measured wheel speed multipliers (empty: none), keyed by distance [m] or exit speed [m/s]. */
    readonly correction: { readonly key: string; readonly keys: readonly number[]; readonly factors: readonly number[] };
  };
  readonly flight: {
    readonly drag_coefficient: number;
    /** The density the flight model uses [kg/m^3] (computed from altitude and temperature in altitude mode). */
    readonly air_density_kgpm3: number;
    readonly air_density_mode: string;
    readonly ball_mass_kg: number;
    readonly ball_diameter_m: number;
    readonly backspin_radps: number;
    readonly magnus_lift_coefficient: number;
    readonly release_height_m: number;
    readonly rim_height_m: number;
  };
}

/** The keys launcherModelJson reports, by launch mode. */
function shownKeys(adjustable: boolean, altitude: boolean): string[] {
  return [
    "launch.mode",
    ...(adjustable ? ["launch.min_angle_rad", "launch.max_angle_rad"] : ["launch.angle_rad"]),
    "wheel.radius_m",
    "wheel.efficiency",
    "wheel.efficiency_slope_spm",
    "wheel.max_speed_radps",
    "wheel.correction_keys",
    "wheel.correction_factors",
    "ballistics.drag_coefficient",
    "ballistics.air_density_mode",
    ...(altitude ? ["ballistics.altitude_m", "ballistics.air_temperature_k"] : ["ballistics.air_density_kgpm3"]),
    "ballistics.ball_mass_kg",
    "ballistics.ball_radius_m",
    "ballistics.backspin_radps",
    "ballistics.magnus_lift_coefficient",
    "ballistics.release_height_m",
    "ballistics.rim_height_m",
  ];
}

const SCHEMA_DEFAULT_SOURCE = `defaults of ${launcherControl.name}`;

/** The launcher model of a parameter set, with its sources. */
export function launcherModelJson(parameters: LauncherParameters, config: LauncherConfig = launcherConfigFromParameters(parameters.values)): LauncherModelJson {
  const v = parameters.values;
  const numberAt = (key: string): number => {
    const value = v[key];
    if (typeof value !== "number") throw new Error(`launcher parameter '${key}' must be a number, got ${JSON.stringify(value)}`);
    return value;
  };
  const numbersAt = (key: string): number[] => {
    const value = v[key];
    return Array.isArray(value) ? value.filter((x): x is number => typeof x === "number") : [];
  };
  const adjustable = config.launch.mode === "adjustable";
  const altitude = v["ballistics.air_density_mode"] === "altitude";
  const files = new Set(parameters.selection.files);
  const notFromFiles: Record<string, string> = {};
  for (const key of shownKeys(adjustable, altitude)) {
    const source = parameters.sourceOf(key);
    if (!files.has(source)) notFromFiles[key] = source === SCHEMA_DEFAULT_SOURCE ? "schema default" : source;
  }
  return {
    source: { origin: parameters.selection.origin, files: [...parameters.selection.files], not_from_files: notFromFiles },
    launch:
      config.launch.mode === "adjustable"
        ? { mode: "adjustable", min_angle_rad: config.launch.minAngle_rad, max_angle_rad: config.launch.maxAngle_rad }
        : { mode: "fixed", angle_rad: config.launch.angle_rad },
    wheel: {
      radius_m: numberAt("wheel.radius_m"),
      efficiency: numberAt("wheel.efficiency"),
      efficiency_slope_spm: numberAt("wheel.efficiency_slope_spm"),
      max_speed_radps: numberAt("wheel.max_speed_radps"),
      correction: { key: String(v["wheel.correction_key"]), keys: numbersAt("wheel.correction_keys"), factors: numbersAt("wheel.correction_factors") },
    },
    flight: {
      drag_coefficient: config.model.drag_coefficient,
      air_density_kgpm3: config.model.air_density_kgpm3,
      air_density_mode: String(v["ballistics.air_density_mode"]),
      ball_mass_kg: config.model.ball_mass_kg,
      ball_diameter_m: 2 * config.model.ball_radius_m,
      backspin_radps: config.model.backspin_radps,
      magnus_lift_coefficient: config.model.magnus_lift_coefficient,
      release_height_m: config.model.release_height_m,
      rim_height_m: config.model.rim_height_m,
    },
  };
}

/**
 * The model for people: where it came from, then launch, wheel and flight, a value that came from
 * no file marked with its source. Labels padded to `labelWidth` to sit in a command's report.
 */
export function formatLauncherModel(model: LauncherModelJson, labelWidth = 16): string {
  // With no file at all every value is a schema default: the first line says so once.
  const marked = (source: string | undefined): source is string => source !== undefined && !(model.source.origin === "none" && source === "schema default");
  const from = (...keys: string[]): string => {
    const sources = [...new Set(keys.map((k) => model.source.not_from_files[k]).filter(marked))];
    return sources.length === 0 ? "" : ` (${sources.join(", ")})`;
  };
  const deg = (rad: number): string => ((rad * 180) / Math.PI).toFixed(1);
  const rad = (value: number): string => String(Number(value.toFixed(4)));
  const line = (label: string, text: string): string => `${label.padEnd(labelWidth - 1)} ${text}`;
  const l = model.launch;
  const w = model.wheel;
  const f = model.flight;
  const density =
    f.air_density_mode === "altitude"
      ? `air density ${f.air_density_kgpm3.toFixed(3)} kg/m^3 (from altitude and temperature)${from("ballistics.air_density_mode", "ballistics.altitude_m", "ballistics.air_temperature_k")}`
      : `air density ${f.air_density_kgpm3} kg/m^3${from("ballistics.air_density_kgpm3")}`;
  const correction =
    w.correction.keys.length === 0
      ? ""
      : `; correction table by ${w.correction.key} at ${w.correction.keys.length} keys (factors ${Math.min(...w.correction.factors)}-${Math.max(...w.correction.factors)})${from("wheel.correction_keys", "wheel.correction_factors")}`;
  const spin = f.backspin_radps === 0 ? `no backspin${from("ballistics.backspin_radps")}` : `backspin ${f.backspin_radps} rad/s${from("ballistics.backspin_radps")}, Magnus ${f.magnus_lift_coefficient}${from("ballistics.magnus_lift_coefficient")}`;
  return [
    line("model", `launcher_control's, from ${describeSource(model)}`),
    line(
      "  launch",
      l.mode === "fixed"
        ? `fixed hood at ${deg(l.angle_rad)} deg (${rad(l.angle_rad)} rad)${from("launch.mode", "launch.angle_rad")}`
        : `adjustable hood ${deg(l.min_angle_rad)}-${deg(l.max_angle_rad)} deg (${rad(l.min_angle_rad)}-${rad(l.max_angle_rad)} rad)${from("launch.mode", "launch.min_angle_rad", "launch.max_angle_rad")}`,
    ),
    line(
      "  wheel",
      `radius ${w.radius_m} m${from("wheel.radius_m")}, efficiency ${w.efficiency}${from("wheel.efficiency")} + ${w.efficiency_slope_spm} s/m x surface speed${from("wheel.efficiency_slope_spm")}, top ${w.max_speed_radps} rad/s${from("wheel.max_speed_radps")}${correction}`,
    ),
    line(
      "  flight",
      `drag coefficient ${f.drag_coefficient}${from("ballistics.drag_coefficient")}, ${density}, ball ${f.ball_mass_kg} kg${from("ballistics.ball_mass_kg")}, ${Number(f.ball_diameter_m.toFixed(4))} m across${from("ballistics.ball_radius_m")}, ${spin}, release ${f.release_height_m} m${from("ballistics.release_height_m")}, rim ${f.rim_height_m} m${from("ballistics.rim_height_m")}`,
    ),
  ].join("\n");
}

function describeSource(model: LauncherModelJson): string {
  return describeParamsSelection({ files: model.source.files, origin: model.source.origin });
}

/**
 * The launcher_control parameters from params YAML files (`launcher_control: ros__parameters:`,
 * later files winning), checked against the node's schema (an unknown key is an error, naming the
 * file and the key). An empty list gives the schema defaults: name it on purpose.
 */
export function loadLauncherParameters(files: string | readonly string[]): Record<string, ParameterValue> {
  const list = typeof files === "string" ? [files] : files;
  return loadLauncherParameterSet({ files: list, origin: list.length === 0 ? "none" : "given" }).values;
}

/** What a command line says about the launcher: --params-file, --angle and --magnus. */
export interface LauncherChoice {
  /** --params-file (alias --params): undefined or empty for the shipped files, ["none"] for the schema defaults. */
  readonly paramsFile: readonly string[] | undefined;
  /** A fixed hood at this angle [rad] instead of the files' launch.*. */
  readonly angle: number | undefined;
  /** false: no backspin (ballistics.backspin_radps 0). */
  readonly magnus: boolean;
}

/** The launcher a command runs with: its parameters and their sources, the configuration built from them, and the model as printed. */
export interface Launcher {
  readonly parameters: LauncherParameters;
  readonly config: LauncherConfig;
  readonly model: LauncherModelJson;
}

/**
 * The launcher the command line asks for: the params files (selectParamsFiles: the shipped ones
 * unless --params-file names others or `none`), then --angle and --no-magnus on top.
 */
export function launcherFromArgs(args: LauncherChoice): Launcher {
  let parameters = loadLauncherParameterSet(selectParamsFiles(args.paramsFile));
  if (args.angle !== undefined) {
    resolveParameters({ schema: launcherModelSchema }, { "launch.angle_rad": args.angle }, "--angle");
    parameters = withOverrides(parameters, { "launch.mode": "fixed", "launch.angle_rad": args.angle }, "--angle");
  }
  if (!args.magnus) parameters = withOverrides(parameters, { "ballistics.backspin_radps": 0 }, "--no-magnus");
  const config = launcherConfigFromParameters(parameters.values);
  return { parameters, config, model: launcherModelJson(parameters, config) };
}
