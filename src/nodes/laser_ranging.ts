import { RangeSensorChain } from "../core/ranging/RangeSensorChain";
import { parseZeroMeaning } from "../core/ranging/rep117";
import { ScanProcessor, type ScanProcessorConfig, type TargetConfig } from "../core/ranging/ScanProcessor";
import type { FilterParamValue, ScanFilterConfig } from "../core/ranging/scanFilterRegistry";
import { rangeMessage } from "../msgs/builders";
import { secondsFromTime } from "../msgs/time";
import { DiagnosticLevel, type DiagnosticStatus, type LaserScan, type Range } from "../msgs/types";
import { groupInstances, type ParameterValue } from "../runtime/parameters";
import type { NodeContext, NodeDefinition, ParameterValues } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { booleanParameter, DiagnosticsReporter, numberParameter, stringParameter } from "./common";
import { laserRangingGroups, laserRangingSchema } from "./laser_ranging.schema";

/**
 * laser_ranging: raw laser data in, clean geometric measurements out (no knowledge of the court).
 * - each single-point sensor: `range_sensors.<name>.topic` -> filter chain -> `ranging/<name>`
 * - the lidar: `scan` -> filter chain -> `ranging/scan_filtered`, each virtual beam ->
 *   `ranging/<beam>` (Range), the target (pole / board edge) -> `ranging/target` (PointStamped)
 * Invalid readings are published with their REP-117 value, never as a number.
 */
export const laserRanging: NodeDefinition = {
  name: "laser_ranging",
  description: "Clean ranges, virtual beams and target detections from laser sensors (no knowledge of the court)",
  schema: laserRangingSchema,
  groups: laserRangingGroups,
  configure(context) {
    const p = context.parameters;
    const sensors = groupInstances(p, "range_sensors", laserRangingGroups.range_sensors ?? {}).map(
      ({ name, fields }) => {
        const chain = new RangeSensorChain(rangeChainOptions(fields));
        const output = context.createPublisher("sensor_msgs/msg/Range", `ranging/${name}`, QoS.sensorData);
        const topic = typeof fields.topic === "string" ? fields.topic : `range/${name}`;
        context.createSubscription("sensor_msgs/msg/Range", topic, QoS.sensorData, (message) => {
          const result = chain.update(secondsFromTime(message.header.stamp), message.range, message.min_range, message.max_range);
          output.publish({ ...message, range: result.range_m });
        });
        return { name, chain };
      },
    );

    const lidar = booleanParameter(p, "lidar.enabled") ? createLidar(context, p) : undefined;
    const diagnostics: DiagnosticsReporter = new DiagnosticsReporter(context, () => [
      ...sensors.map(({ name, chain }) => sensorStatus(diagnostics, name, chain, context.now())),
      ...(lidar?.statuses(diagnostics) ?? []),
    ]);
    return {};
  },
};

function rangeChainOptions(fields: Readonly<Record<string, ParameterValue>>): ConstructorParameters<typeof RangeSensorChain>[0] {
  const stuckRepeats = numberParameter(fields, "stuck_repeats");
  return {
    median: { window: numberParameter(fields, "median_window") },
    spike: booleanParameter(fields, "spike_enabled")
      ? { window: numberParameter(fields, "spike_window"), threshold: numberParameter(fields, "spike_threshold"), min_spread_m: numberParameter(fields, "spike_min_spread") }
      : false,
    stuck: stuckRepeats > 0 ? { max_repeats: stuckRepeats } : false,
    timeout_s: numberParameter(fields, "timeout"),
    zero_means: parseZeroMeaning(stringParameter(fields, "zero_means")),
  };
}

function sensorStatus(reporter: DiagnosticsReporter, name: string, chain: RangeSensorChain, now: number): DiagnosticStatus {
  const d = chain.diagnostics();
  const stale = chain.isStale(now);
  const level = stale ? DiagnosticLevel.ERROR : d.valid_fraction < 0.5 ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
  const message = stale ? `stale: no valid reading for ${chain.age(now).toFixed(2)} s` : d.last_reason === "" ? "ok" : d.last_reason;
  return reporter.status(level, `range ${name}`, message, {
    rate_hz: d.rate_hz,
    valid_fraction: d.valid_fraction,
    spread_m: d.spread_m,
    readings: d.count,
    last_reason: d.last_reason,
  });
}

/** The scan part: built only when lidar.enabled, so a robot without a lidar opens no subscription. */
function createLidar(context: NodeContext, p: ParameterValues) {
  const processor = new ScanProcessor(scanProcessorConfig(p));
  const filtered = context.createPublisher("sensor_msgs/msg/LaserScan", "ranging/scan_filtered", QoS.sensorData);
  const target = context.createPublisher("geometry_msgs/msg/PointStamped", "ranging/target", QoS.sensorData);
  const beams = processor.beams.map((beam) => ({
    beam,
    publisher: context.createPublisher("sensor_msgs/msg/Range", `ranging/${beam.config.name}`, QoS.sensorData),
  }));
  let scans = 0;
  // Updated in place per scan (a 40 Hz path allocates nothing here); read by /diagnostics.
  const last = { reason: "no scan yet", beamCountMismatch: false, intensityMismatch: false, targetReason: "no scan yet", targetFound: false };

  context.createSubscription("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData, (message: LaserScan) => {
    scans++;
    const result = processor.process(message, secondsFromTime(message.header.stamp));
    last.reason = result.reason;
    last.beamCountMismatch = result.beam_count_mismatch;
    last.intensityMismatch = result.intensity_length_mismatch;
    last.targetReason = result.target.reason;
    last.targetFound = result.target.found;
    if (result.publish_scan) filtered.publish({ ...message, ...processor.scan.toMessageArrays() });
    for (const { beam, publisher } of beams) {
      const r: Range = rangeMessage({
        stamp: message.header.stamp,
        frameId: message.header.frame_id,
        range: beam.result.range_m,
        minRange: message.range_min,
        maxRange: message.range_max,
        fieldOfView: 2 * beam.config.half_width_rad,
      });
      publisher.publish(r);
    }
    if (result.target.found) {
      target.publish({ header: message.header, point: { x: result.target.x_m, y: result.target.y_m, z: 0 } });
    }
  });

  return {
    statuses(reporter: DiagnosticsReporter): DiagnosticStatus[] {
      const scanLevel = last.reason !== "" || last.beamCountMismatch || last.intensityMismatch ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
      const notes = [
        last.reason,
        last.beamCountMismatch ? "beam count disagrees with (angle_max - angle_min) / angle_increment + 1: ranges.length used" : "",
        last.intensityMismatch ? "intensities of another length than ranges: dropped" : "",
      ].filter((s) => s !== "");
      const statuses = [
        reporter.status(scanLevel, "scan", notes.join("; ") || "ok", {
          scans,
          beam_count_mismatch: last.beamCountMismatch,
          intensity_length_mismatch: last.intensityMismatch,
        }),
      ];
      processor.beamDiagnostics().forEach((d, i) => {
        const result = beams[i]?.beam.result;
        statuses.push(
          reporter.status(d.valid_fraction < 0.5 ? DiagnosticLevel.WARN : DiagnosticLevel.OK, `virtual beam ${beams[i]?.beam.config.name ?? i}`, d.last_reason || "ok", {
            rate_hz: d.rate_hz,
            valid_fraction: d.valid_fraction,
            spread_m: d.spread_m,
            fit_residual_m: result?.residual_m ?? Number.NaN,
            points_used: result?.points_used ?? 0,
          }),
        );
      });
      if (processor.detector !== undefined) {
        statuses.push(reporter.status(last.targetFound ? DiagnosticLevel.OK : DiagnosticLevel.WARN, "target", last.targetFound ? "found" : last.targetReason, { kind: processor.detector.kind }));
      }
      return statuses;
    },
  };
}

/** The ScanProcessor config from the node's resolved parameters (also what the speed benchmark times). */
export function scanProcessorConfig(p: ParameterValues): ScanProcessorConfig {
  const filters: ScanFilterConfig[] = groupInstances(p, "scan_filters", laserRangingGroups.scan_filters ?? {}).map(
    ({ fields }) => {
      const params: Record<string, FilterParamValue> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key.startsWith("params.") && (typeof value === "number" || typeof value === "string" || typeof value === "boolean")) params[key.slice(7)] = value;
      }
      return { type: stringParameter(fields, "type"), params };
    },
  );
  const beams = groupInstances(p, "virtual_beams", laserRangingGroups.virtual_beams ?? {}).map(({ name, fields }) => ({
    name,
    bearing_rad: numberParameter(fields, "bearing"),
    half_width_rad: numberParameter(fields, "half_width"),
    min_points: numberParameter(fields, "min_points"),
    max_residual_m: numberParameter(fields, "max_residual"),
    max_incidence_rad: numberParameter(fields, "max_incidence"),
    inlier_threshold_m: numberParameter(fields, "inlier_threshold"),
    ransac_iterations: numberParameter(fields, "ransac_iterations"),
  }));
  return { filters, beams, ...targetConfig(p), max_beams: numberParameter(p, "lidar.max_beams") };
}

function targetConfig(p: ParameterValues): { target?: TargetConfig } {
  const region = {
    bearing_min_rad: numberParameter(p, "target.bearing_min"),
    bearing_max_rad: numberParameter(p, "target.bearing_max"),
    range_min_m: numberParameter(p, "target.range_min"),
    range_max_m: numberParameter(p, "target.range_max"),
    jump_m: numberParameter(p, "target.jump"),
    max_residual_m: numberParameter(p, "target.max_residual"),
  };
  const type = stringParameter(p, "target.type");
  switch (type) {
    case "pole":
      return {
        target: {
          type,
          ...region,
          min_points: numberParameter(p, "target.min_points"),
          radius_m: numberParameter(p, "target.radius"),
          width_tolerance_m: numberParameter(p, "target.width_tolerance"),
          ambiguity_ratio: numberParameter(p, "target.ambiguity_ratio"),
        },
      };
    case "backboard_edge":
      return {
        target: {
          type,
          ...region,
          min_points: numberParameter(p, "target.edge_min_points"),
          edge: stringParameter(p, "target.edge") === "right" ? "right" : "left",
          min_length_m: numberParameter(p, "target.min_length"),
        },
      };
    default:
      return {};
  }
}
