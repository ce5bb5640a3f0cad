/**
 * `npm run test:ros`: the suites that need a real, sourced ROS 2 (rclnodejs built against it, the
 * `ros2` CLI, colcon). Each skips with the reason where ROS 2 is absent, and fails instead when
 * ROBOCON_SHOOTER_REQUIRE_ROS=1 (CI beside ../shared/ros2), so a broken install cannot pass as a skip.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/ros"],
  testMatch: ["**/*.rostest.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
  },
  testTimeout: 120000,
  maxWorkers: 1,
};
