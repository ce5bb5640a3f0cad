import { InputGate, type InputGateStatus } from "../core/ranging/InputGate";
import { RangeSensorChain } from "../core/ranging/RangeSensorChain";
import { parseZeroMeaning } from "../core/ranging/rep117";
import { ScanProcessor, type ScanProcessorConfig, type TargetConfig } from "../core/ranging/ScanProcessor";
import type { FilterParamValue, ScanFilterConfig } from "../core/ranging/scanFilterRegistry";
import type { VirtualBeam } from "../core/ranging/VirtualBeam";
import { rangeMessage } from "../msgs/builders";
import { secondsFromTime } from "../msgs/time";
import { DiagnosticLevel, type DiagnosticLevelValue, type DiagnosticStatus, type LaserScan, type PointStamped, type Range } from "../msgs/types";
import { groupInstances, type ParameterValue } from "../core/parameters/schema";
import type { NodeContext, NodeDefinition, ParameterValues, Publisher } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { DiagnosticsReporter } from "./common";
import { booleanParameter, numberParameter, stringParameter } from "../core/parameters/readers";
import { laserRangingGroupRules, laserRangingGroups, laserRangingRules, laserRangingSchema, retiredLaserRangingKey } from "./laser_ranging.schema";
import { mountSource, robotFrame, robotFramePoses, robotFrameSpecs, robotFramesShared } from "./robot_frames.schema";
import { TfStaticMounts } from "./tfStaticMounts";

/**
 * laser_ranging: raw laser data in, clean geometric measurements out (no knowledge of the court).
 * - each single-point sensor: `range_sensors.<name>.topic` -> filter chain -> `ranging/<name>`
 * - the lidar: `scan` -> filter chain -> `ranging/scan_filtered`, each virtual beam ->
 *   `ranging/<beam>` (Range, in the beam's own frame), the target (pole / board edge) ->
 *   `ranging/target` (PointStamped, in the scan's frame)
 * Invalid readings are published with their REP-117 value, never as a number. Every input passes an
 * InputGate first (one frame_id, stamps near the node's clock and never going back): what it
 * drops is not used, and an input that goes quiet is STALE on /diagnostics.
 */
export const laserRanging: NodeDefinition = {
  name: "laser_ranging",
  description: "Clean ranges, virtual beams and target detections from laser sensors (no knowledge of the court)",
  schema: laserRangingSchema,
  groups: laserRangingGroups,
  rules: laserRangingRules,
  groupRules: laserRangingGroupRules,
  shared: robotFramesShared,
  retired: retiredLaserRangingKey,
  configure(context) {
    const p = context.parameters;
    const sensors = groupInstances(p, "range_sensors", laserRangingGroups.range_sensors ?? {}).map(
      ({ name, fields }) => {
        const chain = new RangeSensorChain(rangeChainOptions(fields));
        const gate = new InputGate({ frame_id: stringParameter(fields, "frame_id"), max_clock_offset_s: numberParameter(fields, "max_clock_offset"), timeout_s: numberParameter(fields, "timeout") });
        const output = context.createPublisher("sensor_msgs/msg/Range", `ranging/${name}`, QoS.sensorData);
        const topic = typeof fields.topic === "string" ? fields.topic : `range/${name}`;
        context.createSubscription("sensor_msgs/msg/Range", topic, QoS.sensorData, (message) => {
          const stamp = secondsFromTime(message.header.stamp);
          if (gate.check(message.header.frame_id, stamp, context.now()) !== "accepted") return;
          const result = chain.update(stamp, message.range, message.min_range, message.max_range);
          // The fields named, not { ...message }: the spread copies through a runtime call, a literal is built in place.
          output.publish({ header: message.header, radiation_type: message.radiation_type, field_of_view: message.field_of_view, min_range: message.min_range, max_range: message.max_range, range: result.range_m });
        });
        return { name, chain, gate };
      },
    );

    const period = numberParameter(p, "diagnostics_period");
    const lidar = booleanParameter(p, "lidar.enabled") ? createLidar(context, p) : undefined;
    const diagnostics: DiagnosticsReporter = new DiagnosticsReporter(context, () => {
      const now = context.now();
      return [...sensors.map((sensor) => sensorStatus(diagnostics, sensor, now, period)), ...(lidar?.statuses(diagnostics, now, period) ?? [])];
    });
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

/**
 * A range sensor on /diagnostics: ERROR for a second frame on its topic, STALE before its first
 * reading and when readings stop for `timeout`, ERROR when readings come but none was valid for
 * `timeout`, WARN under half valid or with stamps dropped since the last report, else OK.
 */
function sensorStatus(reporter: DiagnosticsReporter, sensor: { name: string; chain: RangeSensorChain; gate: InputGate }, now: number, recent_s: number): DiagnosticStatus {
  const { name, chain, gate } = sensor;
  const d = chain.diagnostics();
  const input = gate.status(now, recent_s);
  let level = gateLevel(input);
  const notes = [...input.problems];
  if (level !== DiagnosticLevel.STALE) {
    if (chain.isStale(now)) {
      level = maxLevel(level, DiagnosticLevel.ERROR);
      notes.push(`no valid reading for ${chain.age(now).toFixed(2)} s (last: ${d.last_reason})`);
    } else {
      if (d.valid_fraction < 0.5) level = maxLevel(level, DiagnosticLevel.WARN);
      if (d.last_reason !== "") notes.push(d.last_reason);
    }
  }
  return reporter.status(level, `range ${name}`, notes.join("; ") || "ok", {
    rate_hz: d.rate_hz,
    valid_fraction: d.valid_fraction,
    spread_m: d.spread_m,
    readings: d.count,
    last_reason: d.last_reason,
    ...gateValues(gate, now),
  });
}

/** The DiagnosticStatus level of an input's gate status (diagnostic_msgs: STALE = no data). */
function gateLevel(s: InputGateStatus): DiagnosticLevelValue {
  switch (s.severity) {
    case "ok":
      return DiagnosticLevel.OK;
    case "warn":
      return DiagnosticLevel.WARN;
    case "error":
      return DiagnosticLevel.ERROR;
    case "stale":
      return DiagnosticLevel.STALE;
  }
}

/** The worse of two levels among OK < WARN < ERROR (STALE is set apart by its callers). */
function maxLevel(a: DiagnosticLevelValue, b: DiagnosticLevelValue): DiagnosticLevelValue {
  return a >= b ? a : b;
}

function gateValues(gate: InputGate, now: number): Record<string, string | number> {
  const c = gate.counts;
  return {
    frame_id: gate.lockedFrame,
    accepted: c.accepted,
    dropped_other_frame: c.other_frame,
    dropped_stamp_off_clock: c.stamp_off_clock,
    dropped_stamp_backwards: c.stamp_backwards,
    age_s: gate.age(now),
  };
}

/** The scan part: built only when lidar.enabled, so a robot without a lidar opens no subscription. */
function createLidar(context: NodeContext, p: ParameterValues): LidarPart {
  return new LidarPart(context, p);
}

/** The scan, its filter chain, the virtual beams and the pole detector, with their publishers. */
class LidarPart {
  private readonly processor: ScanProcessor;
  private readonly gate: InputGate;
  private readonly filtered: Publisher<LaserScan>;
  private readonly target: Publisher<PointStamped>;
  // `usable`: false while its frame waits for /tf_static or is refused there (robot_frames.source tf_static).
  private readonly beams: readonly { readonly beam: VirtualBeam; readonly frameId: string; readonly publisher: Publisher<Range>; usable: boolean }[];
  /** The beams' bearings from /tf_static (robot_frames.source tf_static), else undefined: the block's. */
  private readonly mounts: TfStaticMounts | undefined;
  // Updated in place per scan (a 40 Hz path allocates nothing here); read by /diagnostics.
  private readonly last = { reason: "", beamCountMismatch: false, intensityMismatch: false, targetReason: "", targetFound: false };

  constructor(
    private readonly context: NodeContext,
    p: ParameterValues,
  ) {
    this.processor = new ScanProcessor(scanProcessorConfig(p));
    this.gate = new InputGate({ frame_id: stringParameter(p, "lidar.frame_id"), max_clock_offset_s: numberParameter(p, "lidar.max_clock_offset"), timeout_s: numberParameter(p, "lidar.timeout") });
    this.filtered = context.createPublisher("sensor_msgs/msg/LaserScan", "ranging/scan_filtered", QoS.sensorData);
    this.target = context.createPublisher("geometry_msgs/msg/PointStamped", "ranging/target", QoS.sensorData);
    // A Range reads along its frame's x axis: each beam has a frame of its own, turned to its bearing.
    const beamFrames = new Map(virtualBeamFrames(p).map(({ name, frameId }) => [name, frameId]));
    const fromTf = mountSource(p) === "tf_static" && beamFrames.size > 0;
    this.beams = this.processor.beams.map((beam) => ({
      beam,
      frameId: beamFrames.get(beam.config.name) ?? `${beam.config.name}_link`,
      publisher: context.createPublisher("sensor_msgs/msg/Range", `ranging/${beam.config.name}`, QoS.sensorData),
      usable: !fromTf,
    }));
    this.mounts = fromTf ? this.mountsFromTf(p) : undefined;
    context.createSubscription("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData, (message: LaserScan) => {
      this.onScan(message);
    });
  }

  /**
   * Each beam's bearing from /tf_static, in the lidar's frame (the beams' robot_frames parent): a
   * beam it carries at its transform's yaw, one it does not at its block yaw once the lidar is on
   * /tf_static. Turned in place at each change; not published until resolved.
   */
  private mountsFromTf(p: ParameterValues): TfStaticMounts {
    const specs = robotFrameSpecs(p);
    const lidar = specs.find((spec) => spec.name === this.beams[0]?.frameId)?.parent ?? "";
    const mounts: TfStaticMounts = new TfStaticMounts(this.context, { specs, reference: { kind: "robot_frame", name: lidar }, frames: this.beams.map((b) => b.frameId), waitingLevel: DiagnosticLevel.STALE }, () => {
      for (const entry of this.beams) {
        const pose = mounts.pose(entry.frameId);
        entry.usable = pose !== undefined;
        if (pose !== undefined) entry.beam.setBearing(pose.yaw);
      }
    });
    return mounts;
  }

  private onScan(message: LaserScan): void {
    const { processor, last } = this;
    const stamp = secondsFromTime(message.header.stamp);
    if (this.gate.check(message.header.frame_id, stamp, this.context.now()) !== "accepted") return;
    const result = processor.process(message, stamp);
    last.reason = result.reason;
    last.beamCountMismatch = result.beam_count_mismatch;
    last.intensityMismatch = result.intensity_length_mismatch;
    last.targetReason = result.target.reason;
    last.targetFound = result.target.found;
    if (result.publish_scan) this.filtered.publish({ ...message, ...processor.scan.toMessageArrays() });
    for (const { beam, frameId, publisher, usable } of this.beams) {
      if (!usable) continue;
      publisher.publish(
        rangeMessage({
          stamp: message.header.stamp,
          frameId,
          range: beam.result.range_m,
          minRange: message.range_min,
          maxRange: message.range_max,
          fieldOfView: 2 * beam.config.half_width_rad,
        }),
      );
    }
    if (result.target.found) {
      this.target.publish({ header: message.header, point: { x: result.target.x_m, y: result.target.y_m, z: 0 } });
    }
  }

  /**
   * The scan, each virtual beam and the target. The scan's gate sets the scan's level (ERROR for a
   * second frame, STALE before the first scan and when scans stop); the beams and the target
   * are STALE with it ("no data" before the first scan), else judged on their own figures.
   */
  statuses(reporter: DiagnosticsReporter, now: number, recent_s: number): DiagnosticStatus[] {
    const { gate, last, processor } = this;
    const stale = gate.isStale(now);
    const staleNote = gate.counts.accepted === 0 ? "no data: no scan yet" : `stale: no scan for ${gate.age(now).toFixed(2)} s`;
    const statuses = [this.scanStatus(reporter, now, recent_s)];
    if (this.mounts !== undefined) statuses.push(this.mounts.status(reporter));
    processor.beamDiagnostics().forEach((d, i) => {
      const beam = this.beams[i]?.beam;
      const level = stale ? DiagnosticLevel.STALE : d.valid_fraction < 0.5 ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
      statuses.push(
        reporter.status(level, `virtual beam ${beam?.config.name ?? i}`, stale ? staleNote : d.last_reason || "ok", {
          rate_hz: d.rate_hz,
          valid_fraction: d.valid_fraction,
          spread_m: d.spread_m,
          fit_residual_m: beam?.result.residual_m ?? Number.NaN,
          points_used: beam?.result.points_used ?? 0,
          bearing_gap_rad: beam?.result.bearing_gap_rad ?? Number.NaN,
          bearing_gap_rejections: beam?.bearingGapRejections ?? 0,
        }),
      );
    });
    if (processor.detector !== undefined) {
      const level = stale ? DiagnosticLevel.STALE : last.targetFound ? DiagnosticLevel.OK : DiagnosticLevel.WARN;
      statuses.push(reporter.status(level, "target", stale ? staleNote : last.targetFound ? "found" : last.targetReason, { kind: processor.detector.kind }));
    }
    return statuses;
  }

  private scanStatus(reporter: DiagnosticsReporter, now: number, recent_s: number): DiagnosticStatus {
    const { gate, last } = this;
    const input = gate.status(now, recent_s);
    const scanNotes = [
      last.reason,
      last.beamCountMismatch ? "beam count disagrees with (angle_max - angle_min) / angle_increment + 1: ranges.length used" : "",
      last.intensityMismatch ? "intensities of another length than ranges: dropped" : "",
    ].filter((s) => s !== "");
    const inputLevel = gateLevel(input);
    const scanLevel = inputLevel !== DiagnosticLevel.OK ? inputLevel : scanNotes.length > 0 ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
    return reporter.status(scanLevel, "scan", [...input.problems, ...scanNotes].join("; ") || "ok", {
      beam_count_mismatch: last.beamCountMismatch,
      intensity_length_mismatch: last.intensityMismatch,
      ...gateValues(gate, now),
    });
  }
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
  const bearings = new Map(virtualBeamFrames(p).map(({ name, bearing }) => [name, bearing]));
  const beams = groupInstances(p, "virtual_beams", laserRangingGroups.virtual_beams ?? {}).map(({ name, fields }) => ({
    name,
    bearing_rad: bearings.get(name) ?? Number.NaN,
    half_width_rad: numberParameter(fields, "half_width"),
    min_points: numberParameter(fields, "min_points"),
    max_residual_m: numberParameter(fields, "max_residual"),
    max_incidence_rad: numberParameter(fields, "max_incidence"),
    inlier_threshold_m: numberParameter(fields, "inlier_threshold"),
    ransac_iterations: numberParameter(fields, "ransac_iterations"),
    max_bearing_gap_rad: numberParameter(fields, "max_bearing_gap"),
  }));
  return { filters, beams, ...targetConfig(p), max_beams: numberParameter(p, "lidar.max_beams") };
}

/**
 * Each virtual beam's robot frame (virtual_beams.<name>.frame_id, default <name>_link) and the
 * bearing it gives: a beam's frame is the lidar's frame turned by the bearing (parent the lidar's
 * frame, x, y, z 0, yaw the bearing), the frame target_estimation takes the beam's ray from. Throws
 * naming the keys of a beam frame that is not a robot frame, does not start at the lidar, or
 * hangs off another frame than the other beams' (they turn with one lidar).
 */
export function virtualBeamFrames(p: ParameterValues): { name: string; frameId: string; bearing: number }[] {
  robotFramePoses(p);
  let lidar: { frame: string; key: string } | undefined;
  return groupInstances(p, "virtual_beams", laserRangingGroups.virtual_beams ?? {}).map(({ name, fields }) => {
    const frameId = typeof fields.frame_id === "string" ? fields.frame_id : `${name}_link`;
    const frame = robotFrame(p, frameId, `virtual_beams.${name}.frame_id`);
    const at = `robot_frames.${frameId}`;
    if (frame.parent === "") {
      throw new Error(`virtual_beams.${name}.frame_id = "${frameId}": ${at}.parent is empty (the base frame), but a virtual beam's frame is the lidar's frame turned by the beam's bearing: set ${at}.parent to the lidar's frame, ${at}.x, y, z to 0 and ${at}.yaw to the bearing`);
    }
    if (frame.x !== 0 || frame.y !== 0 || frame.z !== 0) {
      throw new Error(`virtual_beams.${name}.frame_id = "${frameId}": ${at}.x, y, z = (${frame.x}, ${frame.y}, ${frame.z}) m from its parent "${frame.parent}", but a virtual beam starts at the lidar: set them to 0`);
    }
    if (lidar === undefined) lidar = { frame: frame.parent, key: `${at}.parent` };
    else if (frame.parent !== lidar.frame) {
      throw new Error(`${at}.parent = "${frame.parent}", but ${lidar.key} = "${lidar.frame}": every virtual beam turns with the one lidar whose scans it fits`);
    }
    return { name, frameId, bearing: frame.yaw };
  });
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
