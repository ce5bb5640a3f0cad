import { INPUT_GATE_DEFAULTS } from "../core/ranging/InputGate";
import { EDGE_DETECTOR_DEFAULTS, EDGE_MIN_POINTS_FLOOR } from "../core/ranging/EdgeDetector";
import { POLE_DETECTOR_DEFAULTS, POLE_MIN_POINTS_FLOOR } from "../core/ranging/PoleDetector";
import { RANGE_SENSOR_CHAIN_DEFAULTS } from "../core/ranging/RangeSensorChain";
import { ZERO_MEANINGS } from "../core/ranging/rep117";
import { createScanFilter, SCAN_FILTER_TYPES, type FilterParamValue } from "../core/ranging/scanFilterRegistry";
import { SEGMENT_DETECTOR_DEFAULTS } from "../core/ranging/ScanSegmenter";
import { SPIKE_FILTER_DEFAULTS } from "../core/ranging/SpikeRangeFilter";
import { STUCK_FILTER_DEFAULTS } from "../core/ranging/StuckValueRangeFilter";
import { VIRTUAL_BEAM_DEFAULTS } from "../core/ranging/VirtualBeam";
import { orderedPair, type ParameterDescriptor, type ParameterRule, type ParameterSchema, type ParameterValue } from "../core/parameters/schema";
import { diagnosticsPeriodParameter } from "./common";
import { movedToRobotFrames, robotFrameFields, robotFramesRules, robotFramesSchema, ROBOT_FRAMES } from "./robot_frames.schema";

const readOnly = { readOnly: true } as const;

/** The input checks every input (the scan, each range sensor) has: its frame and its stamps. */
const inputFrameParameter = (input: string): ParameterDescriptor => ({
  type: "string",
  default: INPUT_GATE_DEFAULTS.frame_id,
  unit: "",
  description: `The only header.frame_id accepted on ${input} (empty: the first accepted message's); messages of another frame are dropped and the input's diagnostics go ERROR naming both`,
  ...readOnly,
});
const maxClockOffsetParameter = (input: string): ParameterDescriptor => ({
  type: "double",
  default: INPUT_GATE_DEFAULTS.max_clock_offset_s,
  min: 0.001,
  max: 1e10,
  unit: "s",
  description: `Messages on ${input} stamped farther than this from the node's clock (sim time under use_sim_time) are dropped and counted, as are stamps earlier than the last accepted one`,
  ...readOnly,
});

/** laser_ranging's fixed parameters. */
export const laserRangingSchema: ParameterSchema = {
  ...robotFramesSchema,
  diagnostics_period: diagnosticsPeriodParameter,
  "lidar.enabled": { type: "bool", default: true, unit: "", description: "Subscribe to `scan` (sensor_msgs/LaserScan) and run the filter chain, virtual beams and target detection", ...readOnly },
  "lidar.frame_id": inputFrameParameter("`scan`"),
  "lidar.max_clock_offset": maxClockOffsetParameter("`scan`"),
  "lidar.timeout": { type: "double", default: INPUT_GATE_DEFAULTS.timeout_s, min: 0.001, max: 60, unit: "s", description: "No scan accepted for this long makes the scan, its virtual beams and the target STALE on /diagnostics", ...readOnly },
  "lidar.max_beams": { type: "integer", default: 100000, min: 1, max: 10_000_000, unit: "1", description: "Scans with more beams are refused (a corrupt message must not allocate gigabytes)", ...readOnly },
  "scan_filters.names": { type: "string_array", default: [], unit: "", description: "The scan filter chain, in the order it runs; each name has a block `scan_filters.<name>` with its type and params", ...readOnly },
  "virtual_beams.names": { type: "string_array", default: [], unit: "", description: "Virtual beams, each published as ranging/<name> (sensor_msgs/Range)", ...readOnly },
  "range_sensors.names": { type: "string_array", default: [], unit: "", description: "Single-point rangefinders, each read from range_sensors.<name>.topic and published filtered as ranging/<name>", ...readOnly },
  "target.type": { type: "string", default: "none", choices: ["none", "pole", "backboard_edge"], unit: "", description: "What to look for in the scan: the hoop's support pole (a circle), the backboard's edge, or nothing", ...readOnly },
  "target.bearing_min": { type: "double", default: -0.6, min: -Math.PI, max: Math.PI, unit: "rad", description: "Search region: smallest bearing in the laser frame", ...readOnly },
  "target.bearing_max": { type: "double", default: 0.6, min: -Math.PI, max: Math.PI, unit: "rad", description: "Search region: largest bearing in the laser frame", ...readOnly },
  "target.range_min": { type: "double", default: 0.5, min: 0, max: 100, unit: "m", description: "Search region: nearest range", ...readOnly },
  "target.range_max": { type: "double", default: 10.0, min: 0, max: 100, unit: "m", description: "Search region: farthest range", ...readOnly },
  "target.radius": { type: "double", default: POLE_DETECTOR_DEFAULTS.radius_m, min: 0.005, max: 2, unit: "m", description: "Pole radius (measure yours)", ...readOnly },
  "target.jump": { type: "double", default: SEGMENT_DETECTOR_DEFAULTS.jump_m, min: 0.001, max: 10, unit: "m", description: "A range step larger than this between neighbouring beams starts a new segment", ...readOnly },
  "target.min_points": { type: "integer", default: POLE_DETECTOR_DEFAULTS.min_points, min: POLE_MIN_POINTS_FLOOR, max: 10000, unit: "1", description: "Pole: fewest beams on the pole", ...readOnly },
  "target.max_residual": { type: "double", default: SEGMENT_DETECTOR_DEFAULTS.max_residual_m, min: 0, max: 1, unit: "m", description: "Largest RMS fit residual of a detection", ...readOnly },
  "target.width_tolerance": { type: "double", default: POLE_DETECTOR_DEFAULTS.width_tolerance_m, min: 0, max: 1, unit: "m", description: "Pole: a segment wider than 2 radius + this is not the pole", ...readOnly },
  "target.ambiguity_ratio": { type: "double", default: POLE_DETECTOR_DEFAULTS.ambiguity_ratio, min: 1.0001, max: 100, unit: "1", description: "Pole: two candidates whose residuals are within this factor are ambiguous: nothing is published", ...readOnly },
  "target.edge": { type: "string", default: "left", choices: ["left", "right"], unit: "", description: "Backboard edge: which end of the board's segment to report", ...readOnly },
  "target.edge_min_points": { type: "integer", default: EDGE_DETECTOR_DEFAULTS.min_points, min: EDGE_MIN_POINTS_FLOOR, max: 10000, unit: "1", description: "Backboard edge: fewest beams on the board segment", ...readOnly },
  "target.min_length": { type: "double", default: EDGE_DETECTOR_DEFAULTS.min_length_m, min: 0, max: 10, unit: "m", description: "Backboard edge: shortest board segment", ...readOnly },
};

function filterParameterFields(): ParameterSchema {
  const fields: Record<string, ParameterDescriptor> = {
    type: { type: "string", choices: Object.keys(SCAN_FILTER_TYPES), unit: "", description: "Filter type", readOnly: true },
  };
  for (const [type, entry] of Object.entries(SCAN_FILTER_TYPES)) {
    for (const [param, kind] of Object.entries(entry.params)) {
      const key = `params.${param}`;
      const users = fields[key]?.description.replace(/^Parameter of /, "") ?? "";
      fields[key] = {
        type: kind === "number" ? "double" : kind,
        optional: true,
        unit: param.endsWith("_m") ? "m" : param.endsWith("_rad") ? "rad" : kind === "string" ? "" : "1",
        description: `Parameter of ${users === "" ? type : `${users}, ${type}`}`,
        readOnly: true,
      };
    }
  }
  return fields;
}

/** laser_ranging's repeated blocks. */
export const laserRangingGroups: Readonly<Record<string, ParameterSchema>> = {
  scan_filters: filterParameterFields(),
  [ROBOT_FRAMES]: robotFrameFields,
  virtual_beams: {
    frame_id: {
      type: "string",
      optional: true,
      unit: "",
      description: "The beam's robot frame and the frame_id of ranging/<name> (default <name>_link): robot_frames.<frame> has the lidar's frame as parent, x, y, z 0, and the beam's bearing as yaw (REP-103: counter-clockwise from the lidar's x), so a Range reads along its x axis",
      readOnly: true,
    },
    half_width: { type: "double", default: 0.2, min: 0.001, max: 1.5, unit: "rad", description: "Beams within bearing +- half_width are fitted with a line", readOnly: true },
    min_points: { type: "integer", default: VIRTUAL_BEAM_DEFAULTS.min_points, min: 3, max: 100000, unit: "1", description: "Fewest inlier beams for a valid range", readOnly: true },
    max_residual: { type: "double", default: VIRTUAL_BEAM_DEFAULTS.max_residual_m, min: 0, max: 1, unit: "m", description: "Largest RMS residual of the line fit for a valid range", readOnly: true },
    max_incidence: { type: "double", default: VIRTUAL_BEAM_DEFAULTS.max_incidence_rad, min: 0.01, max: 1.5707, unit: "rad", description: "Largest angle between the beam and the surface normal for a valid range", readOnly: true },
    inlier_threshold: { type: "double", default: VIRTUAL_BEAM_DEFAULTS.inlier_threshold_m, min: 0.001, max: 1, unit: "m", description: "A beam farther than this from the fitted line is an outlier", readOnly: true },
    ransac_iterations: { type: "integer", default: VIRTUAL_BEAM_DEFAULTS.ransac_iterations, min: 1, max: 10000, unit: "1", description: "RANSAC draws when the plain fit has outliers", readOnly: true },
    max_bearing_gap: { type: "double", default: VIRTUAL_BEAM_DEFAULTS.max_bearing_gap_rad, min: 0.001, max: Math.PI, unit: "rad", description: "Largest angle between the bearing and the nearest fitted beam for a valid range (wider: the line would bridge a gap where the scan saw nothing or something else)", readOnly: true },
  },
  range_sensors: {
    topic: { type: "string", optional: true, unit: "", description: "Input sensor_msgs/Range topic (default range/<name>)", readOnly: true },
    median_window: { type: "integer", default: RANGE_SENSOR_CHAIN_DEFAULTS.median_window, min: 1, max: 101, unit: "1", description: "Temporal median over this many readings (1: off; a w-reading median lags a moving robot by (w - 1) / 2 readings)", readOnly: true },
    spike_enabled: { type: "bool", default: true, unit: "", description: "Reject readings far from the recent median", readOnly: true },
    spike_window: { type: "integer", default: SPIKE_FILTER_DEFAULTS.window, min: 3, max: 1001, unit: "1", description: "Readings the spike test's median and spread are taken over", readOnly: true },
    spike_threshold: { type: "double", default: SPIKE_FILTER_DEFAULTS.threshold, min: 1, max: 100, unit: "1", description: "A reading more than this many robust sigmas from the median is a spike", readOnly: true },
    spike_min_spread: { type: "double", default: SPIKE_FILTER_DEFAULTS.min_spread_m, min: 0, max: 10, unit: "m", description: "Floor of the spike test's spread (a perfectly steady sensor must not reject mm changes)", readOnly: true },
    stuck_repeats: { type: "integer", default: STUCK_FILTER_DEFAULTS.max_repeats, min: 0, max: 1000000, unit: "1", description: "This many identical readings in a row mean a stuck sensor (0: off)", readOnly: true },
    timeout: { type: "double", default: RANGE_SENSOR_CHAIN_DEFAULTS.timeout_s, min: 0.001, max: 60, unit: "s", description: "No reading for this long makes the sensor STALE on /diagnostics (readings but no valid one: ERROR)", readOnly: true },
    frame_id: inputFrameParameter("the sensor's topic"),
    max_clock_offset: maxClockOffsetParameter("the sensor's topic"),
    zero_means: { type: "string", default: RANGE_SENSOR_CHAIN_DEFAULTS.zero_means, choices: [...ZERO_MEANINGS], unit: "", description: "What an exact 0 from the driver means (many send 0 for no echo)", readOnly: true },
  },
};

/** Topics under ranging/ that are not a range sensor's or a virtual beam's: no sensor or beam may take their name. */
const RESERVED_OUTPUTS: readonly string[] = ["scan_filtered", "target"];

/** A names list whose entries each publish ranging/<name>: none may take a topic the node publishes already. */
function noReservedName(namesKey: string): ParameterRule {
  return {
    keys: [namesKey],
    check: (v) => {
      const names = v[namesKey];
      const taken = Array.isArray(names) ? names.map(String).filter((name) => RESERVED_OUTPUTS.includes(name)) : [];
      return taken.length === 0 ? undefined : `${taken.map((n) => `'${n}'`).join(", ")} would publish on ranging/${taken[0] ?? ""}, which the node publishes already (${RESERVED_OUTPUTS.map((n) => `ranging/${n}`).join(", ")})`;
    },
  };
}

/**
 * What the schema cannot say key by key and ScanProcessor / ScanSegmenter refuse: the target's
 * search region in order, and one publisher per ranging/<name> topic.
 */
export const laserRangingRules: readonly ParameterRule[] = [
  orderedPair("target.bearing_min", "target.bearing_max", true, "the target's search region"),
  orderedPair("target.range_min", "target.range_max", true, "the target's search region"),
  {
    keys: ["virtual_beams.names", "range_sensors.names"],
    check: (v) => {
      const beams = v["virtual_beams.names"];
      const sensors = v["range_sensors.names"];
      if (!Array.isArray(beams) || !Array.isArray(sensors)) return undefined;
      const both = beams.map(String).filter((name) => sensors.map(String).includes(name));
      return both.length === 0 ? undefined : `${both.map((n) => `'${n}'`).join(", ")} also in 'range_sensors.names' = ${JSON.stringify(sensors)}: a virtual beam and a range sensor would both publish ranging/${both[0] ?? ""}`;
    },
  },
  noReservedName("virtual_beams.names"),
  noReservedName("range_sensors.names"),
  ...robotFramesRules,
];

/** Per block: what the constructors refuse that the group schemas cannot say (a filter's own limits, an even median). */
export const laserRangingGroupRules: Readonly<Record<string, readonly ParameterRule[]>> = {
  scan_filters: [
    {
      // The filter's parameters, ranges and combinations live in its constructor: build it, and
      // report its refusal on the parameter it names.
      keys: ["type", ...Object.keys(laserRangingGroups.scan_filters ?? {}).filter((field) => field !== "type")],
      check: (v) => {
        const type = v.type;
        if (typeof type !== "string") return undefined;
        const params: Record<string, FilterParamValue> = {};
        for (const [field, value] of Object.entries(v)) {
          if (field.startsWith("params.") && isFilterParam(value)) params[field.slice("params.".length)] = value;
        }
        try {
          createScanFilter({ type, params }, "filter");
          return undefined;
        } catch (error) {
          const problem = (error as Error).message.replace(/^filter \([^)]*\): /, "");
          const named = Object.keys(params)
            .map((param) => ({ param, at: problem.search(new RegExp(`\\b${param}\\b`)) }))
            .filter(({ at }) => at >= 0)
            .sort((a, b) => a.at - b.at)[0]?.param;
          return { key: named === undefined ? "type" : `params.${named}`, problem: `${type} filter: ${problem}` };
        }
      },
    },
  ],
  range_sensors: [
    {
      keys: ["median_window"],
      check: (v) => (typeof v.median_window === "number" && v.median_window % 2 === 0 ? "even: a temporal median needs an odd window (1 turns it off)" : undefined),
    },
  ],
};

function isFilterParam(value: ParameterValue): value is FilterParamValue {
  return typeof value === "number" || typeof value === "string" || typeof value === "boolean";
}

/** The key laser_ranging took before the robot_frames block: a virtual beam's bearing is its frame's yaw now. */
export function retiredLaserRangingKey(key: string, given: Readonly<Record<string, unknown>>): string | undefined {
  const bearing = /^virtual_beams\.([^.]+)\.bearing$/.exec(key);
  if (bearing === null) return undefined;
  const frameKey = `virtual_beams.${bearing[1] ?? ""}.frame_id`;
  const frame = typeof given[frameKey] === "string" ? given[frameKey] : `${bearing[1] ?? ""}_link`;
  return movedToRobotFrames(frame, "yaw", `a virtual beam's bearing (the yaw of its frame ${frameKey} = "${frame}" in the lidar's frame)`);
}
