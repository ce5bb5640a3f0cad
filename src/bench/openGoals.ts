/**
 * Goals known to be missed today, each with the open issue that owns the work and why it is
 * missed. `bench` prints such a figure as "NOT met (open: issue N)" and does not fail on it; a
 * missed goal that is not here fails the run. When a goal here is met, `bench` says so: take its
 * entry out in the change that meets it, on the evidence of a full run (`npm run bench`).
 *
 * Keyed by the figure's full name as printed. What a full run measured when an entry was added
 * is in its reason, so a reviewer can tell a goal that moved from one that was always out of reach.
 */
export interface OpenGoal {
  /** The open issue that owns the goal. */
  readonly issue: number;
  /** One line: why it is missed. */
  readonly reason: string;
}

export type OpenGoals = Readonly<Record<string, OpenGoal>>;

export const OPEN_GOALS: OpenGoals = {
  // Speed and memory: issue 16.
  "runtime.memory.allocated_per_scan_kb.ranging_estimation": {
    issue: 16,
    reason: "23.2 KB per scan cycle on a full run on a quiet machine (laser_ranging 7.8, target_estimation 15.4; 40.5 KB before, same session; 79 KB before that) against the 16 KB goal, which their published messages alone about fill (13.8 KB, 16.8 with markers and /diagnostics): the rest is doubles boxed where they cross a call V8 does not inline (a range reading's time, NIS and systematic share) and the diagnostics' and markers' intermediates",
  },
  "runtime.latency.scan_to_command_ros2_p99": {
    issue: 16,
    reason: "10.9 ms on a full run on a quiet machine with the launcher armed (p50 4.5 ms, 25096 of 25096 commands non-zero; 50-244 ms at load 8-20): four DDS hops between rclnodejs processes at 0.6-1.3 ms each at the median (scripts/ros/hop-latency.js: 1.4-1.6 ms for a bare hop at load 4-7), and five processes sharing 2 cores at the p99",
  },
  // The simulator on the held-out seeds (docs/design-notes.md "Measured on the held-out seeds").
  "sim.mixed.hit_rate": {
    issue: 14,
    reason: "84.1 % against the oracle's 93.7 %: ten test shots cost about 5 points, the controller's model (no spin, constant drag) about 3",
  },
  "sim.tfmini.hit_rate (TFmini suite, not shipped)": {
    issue: 14,
    reason: "72.4 % against 93.7 %: the rear TFmini reads the end fence 1 % long beyond 6 m, so the estimate is 7 cm short",
  },
  "sim.mixed_moving.hit_rate": {
    issue: 14,
    reason: "31.6 % against 95.0 %: the gate opens while the robot brakes, and the estimate's age is not in the phase delay",
  },
  "sim.mixed_hood.hit_rate (adjustable hood, not shipped)": {
    issue: 14,
    reason: "75.7 % against 96.8 %: the controller's model has no lift, which grows with a hood's exit speed",
  },
};
