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
  "runtime.memory.allocated_beyond_messages_per_scan_kb.ranging_estimation": {
    issue: 16,
    reason: "7.2-9.2 KB per scan cycle beyond the 16.1-16.2 KB of messages laser_ranging and target_estimation publish (now weighed: kept over 300-2000 cycles, a full collection before and after), 23.4-24.7 KB in all: doubles boxed where they cross a call V8 does not inline (a reading's time, its sigma, NIS and systematic share, quadratic forms), iterator results, and /diagnostics' and the markers' intermediates, 0.1-0.8 KB a site",
  },
  "runtime.latency.scan_to_command_ros2_p99 (scans at 40 Hz, shipped lidar 10 Hz)": {
    issue: 16,
    reason: "3.13-10.97 ms over five full runs on a quiet machine (met on three), against the same runs' bare relay chain (the four DDS hops between rclnodejs processes, no node work) at 3.21-4.28 ms: the platform takes most of the 5 ms at the p99, and the chain's parts all slow together in a bad run; collections in the nodes overlap 4 % of the scans but do not hold the tail (the p99 of the others is the same)",
  },
  "sim.realtime_factor": {
    issue: 16,
    reason: "169x on the quiet full run of 2026-12-02 15:31, then 98x, 84x and 86x on the three full runs since (runs 63-133x), at load 1 or less; the commit of that quiet run was as slow as the newer ones timed beside them (docs/performance.md): the host gives the 2 vCPUs less than it did; what is left to take out is the launcher's solve on every control cycle (crossRimPlane 13 % of a hood run) and the EKF update (poseEkf and smallMatrix, 16 %; `sim --seed 14140001 --shots 200 --launcher hood` under node --cpu-prof)",
  },
  "sim.hood.realtime_factor (adjustable hood, not shipped)": {
    issue: 16,
    reason: "125x on the quiet full run of 2026-12-02 15:31, then 78x, 64x and 71x on the three full runs since: the same host slowdown as sim.realtime_factor, and the hood's widest-window search on top",
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
