/**
 * The filter's state layout, named once (as robot_localization's filter_common.hpp does).
 *
 * Pose in the court frame `map`: x [m], y [m], yaw [rad]. Velocity in the body frame `base_link`
 * (what nav_msgs/Odometry's twist carries): vx [m/s] forward, vy [m/s] left, yaw rate [rad/s].
 */
export const StateIndex = {
  X: 0,
  Y: 1,
  YAW: 2,
  VX: 3,
  VY: 4,
  YAW_RATE: 5,
} as const;

export const STATE_SIZE = 6;
