/**
 * `npm run test:ros`: the suites that need a real, sourced ROS 2 (rclnodejs built against it, the
 * `ros2` CLI, colcon). Each skips with the reason where ROS 2 is absent, and fails instead when
 * ROBOCON_SHOOTER_REQUIRE_ROS=1 (CI beside ../shared/ros2), so a broken install cannot pass as a skip.
 * One suite at a time: each launches the nodes on its own, and two at once would share the CPU.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require("./jest.config.js"),
  roots: ["<rootDir>/test/ros"],
  testMatch: ["**/*.rostest.ts"],
  testTimeout: 120000,
  maxWorkers: 1,
};
