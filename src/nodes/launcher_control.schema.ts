import { launcherModelSchema } from "../core/ballistics/launcherParameters";
import type { ParameterSchema } from "../core/parameters/schema";
import { diagnosticsPeriodParameter } from "./common";

/** launcher_control's parameters: the shared launcher model (also read by `table` / `calibrate`) and the node's own. */
export const launcherControlSchema: ParameterSchema = {
  ...launcherModelSchema,
  diagnostics_period: diagnosticsPeriodParameter,
  control_period: { type: "double", default: 0.01, min: 0.001, max: 0.1, unit: "s", description: "Period of the flywheel loop, the shot solution and the ready gate", readOnly: true },
  launcher_frame: { type: "string", default: "launcher", unit: "", description: "Frame of the planned-trajectory markers", readOnly: true },
  joint_name: { type: "string", default: "flywheel_joint", unit: "", description: "The flywheel's joint in sensor_msgs/JointState", readOnly: true },
  feedback_timeout: { type: "double", default: 0.1, min: 0.001, max: 10, unit: "s", description: "No JointState for the flywheel for this long (since the last one, or since activation before the first): output zero, and /diagnostics names the joint and the topic it waits on" },
  "flywheel.allow_open_loop": { type: "bool", default: false, unit: "", description: "Drive the wheel without speed feedback (effort mode: feedforward alone; velocity mode: trusting the drive's own loop). Off: no fresh JointState, zero output. Only for a bench test without an encoder; the gate never opens without feedback", readOnly: true },
  armed_at_start: { type: "bool", default: false, unit: "", description: "Armed as soon as the node activates. Off (the robot): the wheel stays still, idle_speed and shot spin-up included, until true on launcher/arm; false there disarms, an e-stop wins over both. On: for the simulator and a test bench", readOnly: true },
  idle_speed: { type: "double", default: 150, min: 0, max: 2000, unit: "rad/s", description: "Wheel speed held while armed and there is no valid target (spin-down, faster spin-up)" },
  hold_speed_time: { type: "double", default: 3, min: 0, max: 60, unit: "s", description: "After the target stops being valid (the estimator's integrity checks, the pole out of view while turning), the wheel keeps its last shot's speed this long before idling: it is ready sooner when the target is confirmed again; nothing fires on an invalid target" },
  auto_fire: { type: "bool", default: false, unit: "", description: "Fire by itself as soon as the gate is ready (also settable through launcher/auto_fire)" },
  fire_cooldown: { type: "double", default: 0.5, min: 0, max: 10, unit: "s", description: "Least time between two shots (the feeder and the wheel need it)" },
  impossible_replan_period: { type: "double", default: 0.1, min: 0, max: 5, unit: "s", description: "While no shot is possible (too close, too far), solve again only this often: the search for an impossible shot is the expensive one" },
  moving_shots: { type: "bool", default: true, unit: "", description: "Compensate the robot's velocity relative to the hoop (time-of-flight iteration)" },
  markers_every: { type: "integer", default: 10, min: 1, max: 10000, unit: "1", description: "Publish the planned trajectory every this many control cycles" },
};

/** The parts of launcher_control that a parameter change may have to build anew. */
export type LauncherPart = "shot planner" | "flywheel controller";

/**
 * What a run-time change (`ros2 param set`) of launcher_control's settable parameters does
 * (issue 17). Every key not listed here (the gate.*, moving.*, the flywheel's gains, limits,
 * tolerance and bang-bang settings, idle_speed, hold_speed_time, feedback_timeout, auto_fire,
 * fire_cooldown, impossible_replan_period, moving_shots, markers_every) is applied in place from
 * the next control cycle: the wheel's integrator, its at-speed dwell and ramp, and the planner's
 * warm start are kept. The keys below change what the live part was built from, so the part is
 * built anew, and /diagnostics says so (`last_rebuild`). A key ending in "." names every key under it.
 */
export const LAUNCHER_REBUILDS: readonly { readonly keys: string; readonly rebuilds: LauncherPart; readonly why: string }[] = [
  { keys: "ballistics.", rebuilds: "shot planner", why: "the flight model: the warm start and the hood angle were solved in the old one" },
  { keys: "launch.", rebuilds: "shot planner", why: "the hood: fixed or adjustable, its angle or range" },
  {
    keys: "wheel.",
    rebuilds: "shot planner",
    why: "the wheel model (wheel speed <-> exit speed, the correction table); wheel.max_speed_radps also clamps the flywheel loop, in place",
  },
  { keys: "uncertainty.", rebuilds: "shot planner", why: "the spreads choose an adjustable hood's angle, cached with the warm start" },
  { keys: "flywheel.mode", rebuilds: "flywheel controller", why: "velocity <-> effort: the command changes unit and topic, the integrator means nothing across" },
];

/** The part a change of `key` rebuilds, or undefined when it is applied in place. */
export function launcherPartRebuiltBy(key: string): LauncherPart | undefined {
  return LAUNCHER_REBUILDS.find((entry) => (entry.keys.endsWith(".") ? key.startsWith(entry.keys) : key === entry.keys))?.rebuilds;
}
