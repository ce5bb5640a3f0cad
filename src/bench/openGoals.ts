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
  // Ranging and estimation: the figures run the shipped configuration (issue 13, item 6), which misses these.
  "ranging.virtual_beam.wall_rms_error_worst": {
    issue: 13,
    reason: "the shipped chain (range_gate + speckle, no median) at its worst beam and distance: 3.66 mm on a full run",
  },
  "ranging.pole.centre_rms_error_single_scan": {
    issue: 13,
    reason: "2-3 beams hit the pole at 5 m: the Cramer-Rao bound at 15 mm is about 1.4 cm, above the goal (1.99 cm on a full run); the stationary figure's temporal median, not shipped, meets 1 cm",
  },
  "ranging.real.hokuyo_urg_stationary.wall_std_ratio (beam fitted to the recording's wall, not a shipped beam)": {
    issue: 13,
    reason: "on this real wall the shipped chain's beam halves the raw beam's spread (0.52) rather than quartering it",
  },
  "estimation.dt35_driving.mean_nis_per_dof (board-beam suite, not shipped)": {
    issue: 13,
    reason: "driving, the innovations are smaller than the filter claims (0.857 on a full run, band 0.921-1.082): its odometry noise is too large for this run",
  },
  "estimation.tfmini_standing.inconsistent_runs (TFmini suite, not shipped)": {
    issue: 13,
    reason: "7 of 7 runs on a full run (NEES 247-903): the filter takes the TFminis' +1 % bias beyond 6 m (the rear one reads the far fence) for noise and averages it down, so its covariance is too small",
  },
  "estimation.callback.worst_time": {
    issue: 13,
    reason: "the slowest callbacks are garbage-collector pauses (2-15 ms scavenges) landing in whichever callback runs, not search work",
  },
  // Speed: issue 16 sets tighter goals still.
  "launcher.shot_solution.warm_median": {
    issue: 16,
    reason:
      "3.2-7.7 us on 4 of 6 full runs at load 7.5-11 on 2 cores, 10.2 and 18.9 us on two at load 9-13 (3.1-3.7 us of CPU per plan): met unless the machine is oversubscribed",
  },
  "runtime.latency.scan_to_command_inprocess_p99": {
    issue: 16,
    reason: "0.71 ms on a full run at load 5, 2.6 and 4.1 ms at load 8 on 2 cores (median 0.08 ms): the slowest 1 % are the process descheduled or a collection on the path",
  },
  "runtime.memory.soak_rss_mb": {
    issue: 16,
    reason: "RSS of the whole bench process (three nodes, the simulator that recorded their feed, the latency run before it): 164 MB at its peak on a full run, 145 MB most of the soak; the live heap after a full GC is 48 MB and flat",
  },
  // The simulator on the held-out seeds (docs/design-notes.md "Measured on the held-out seeds").
  "sim.mixed.hit_rate": {
    issue: 14,
    reason: "84.1 % against the oracle's 93.7 %: ten test shots cost about 5 points, the controller's model (no spin, constant drag) about 3",
  },
  "sim.tfmini.hit_rate": {
    issue: 14,
    reason: "72.4 % against 93.7 %: the rear TFmini reads the end fence 1 % long beyond 6 m, so the estimate is 7 cm short",
  },
  "sim.mixed_moving.hit_rate": {
    issue: 14,
    reason: "31.6 % against 95.0 %: the gate opens while the robot brakes, and the estimate's age is not in the phase delay",
  },
  "sim.mixed_hood.hit_rate": {
    issue: 14,
    reason: "75.7 % against 96.8 %: the controller's model has no lift, which grows with a hood's exit speed",
  },
};
