/**
 * The filter's state layout, named once (as robot_localization's filter_common.hpp does).
 *
 * Pose in the court frame `map`: x [m], y [m], yaw [rad]. Velocity in the body frame `base_link`
 * (what nav_msgs/Odometry's twist carries): vx [m/s] forward, vy [m/s] left, yaw rate [rad/s].
 * Then the wheel odometry's scale error s [1]: its twist reads (1 + s) times the true vx and vy.
 * A scale error is a bias of the robot (wheel wear, tyre compression, a misremembered wheel
 * radius): pose noise per metre driven cannot stand for it (a bias grows with the distance, a
 * random walk with its square root), so the filter estimates it from how the ranges move.
 */
export const StateIndex = {
  X: 0,
  Y: 1,
  YAW: 2,
  VX: 3,
  VY: 4,
  YAW_RATE: 5,
  ODOMETRY_SCALE: 6,
} as const;

/** Pose and velocity: the states `ekf.process_noise` and `ekf.covariance_floor` list, in this order. */
export const POSE_VELOCITY_SIZE = 6;

export const STATE_SIZE = 7;

/**
 * Consider parameters (Schmidt-Kalman), CONSIDER_PER_INPUT per range input with a systematic
 * error (PoseEkfOptions.rangeBiases), input i's at CONSIDER_PER_INPUT * i + these: its offset [m]
 * and its scale error [1] (which moves a reading by the scale times the range). They are not
 * among STATE_SIZE's states: the filter carries their cross-covariance with the state
 * (STATE_SIZE x their count) so that readings of one input are not averaged as if their errors
 * were independent, and estimates them only with PoseEkfOptions.estimateRangeBiases.
 */
export const ConsiderIndex = {
  OFFSET: 0,
  SCALE: 1,
} as const;

export const CONSIDER_PER_INPUT = 2;
