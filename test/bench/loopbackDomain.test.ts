import * as fs from "node:fs";
import { loopbackDomainSettings, withLoopbackDomain } from "../../src/bench/rosLatency/loopbackDomain";

describe("loopbackDomain: one DDS domain of its own over loopback", () => {
  it.each([
    { name: "ROBOCON_SHOOTER_ROS_DOMAIN_ID wins", env: { ROBOCON_SHOOTER_ROS_DOMAIN_ID: "66" }, domain: "66" },
    { name: "else one from the process id", env: {}, domain: String(20 + (process.pid % 70)) },
  ])("$name", ({ env, domain }) => {
    const settings = loopbackDomainSettings(env);
    expect(settings.ROS_DOMAIN_ID).toBe(domain);
    expect(fs.existsSync(new URL(settings.CYCLONEDDS_URI ?? "").pathname)).toBe(true);
  });

  it("merges the settings and drops ROS_LOCALHOST_ONLY, leaving the rest and the given environment as they were", () => {
    const given = { ROS_LOCALHOST_ONLY: "1", ROS_DOMAIN_ID: "3", ROBOCON_SHOOTER_ROS_DOMAIN_ID: "66", PATH: "/usr/bin" };
    const merged = withLoopbackDomain(given);
    expect(merged).toEqual({ ...given, ...loopbackDomainSettings(given), ROS_LOCALHOST_ONLY: undefined });
    expect("ROS_LOCALHOST_ONLY" in merged).toBe(false);
    expect(merged.ROS_DOMAIN_ID).toBe("66");
    expect(given.ROS_LOCALHOST_ONLY).toBe("1");
  });
});
