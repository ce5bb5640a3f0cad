import { castDistance } from "../core/court/rayCaster";
import { defaultCourtMap } from "../core/court/courtSchema";
import { header } from "../msgs/builders";
import type { LaserScan, Range } from "../msgs/types";

/** Where the demo robot stands on the court (court frame, origin at the centre) [m, m, rad]. */
export const DEMO_POSE = { x: 1.5, y: 1.0, yaw: 0 } as const;

/** Mounts matching params/shooter.yaml's defaults: [x, y, z, yaw] in base_link [m, m, m, rad]. */
const LIDAR = { x: 0.2, y: 0, z: 0.05, yaw: 0 };
const LEFT = { x: 0, y: 0.25, z: 0.05, yaw: Math.PI / 2 };
const RIGHT = { x: -0.25, y: 0, z: 0.05, yaw: Math.PI };
const BEAMS = 450;

const map = defaultCourtMap();

function rayFrom(mount: { x: number; y: number; z: number; yaw: number }, bearing: number): number {
  const c = Math.cos(DEMO_POSE.yaw);
  const s = Math.sin(DEMO_POSE.yaw);
  const ox = DEMO_POSE.x + c * mount.x - s * mount.y;
  const oy = DEMO_POSE.y + s * mount.x + c * mount.y;
  return castDistance(map, ox, oy, DEMO_POSE.yaw + mount.yaw + bearing, mount.z);
}

/** An LD06-like scan (450 beams over a full turn) of the empty court, noise-free. */
export function cannedScan(): Omit<LaserScan, "header"> {
  const increment = (2 * Math.PI) / BEAMS;
  const ranges = new Float32Array(BEAMS);
  for (let i = 0; i < BEAMS; i++) {
    const r = rayFrom(LIDAR, -Math.PI + i * increment);
    ranges[i] = r <= 12 ? r : Infinity;
  }
  return {
    angle_min: -Math.PI,
    angle_max: -Math.PI + (BEAMS - 1) * increment,
    angle_increment: increment,
    time_increment: 0.1 / BEAMS,
    scan_time: 0.1,
    range_min: 0.02,
    range_max: 12,
    ranges,
    intensities: new Float32Array(0),
  };
}

/** DT35-like single-point readings of the left side fence and the end fence behind the robot. */
export function cannedRanges(now: number): [Range, Range] {
  const make = (frame: string, mount: typeof LEFT): Range => ({
    header: header(now, frame),
    radiation_type: 1,
    field_of_view: 0.01,
    min_range: 0.05,
    max_range: 10,
    range: rayFrom(mount, 0),
  });
  return [make("left_link", LEFT), make("right_link", RIGHT)];
}
