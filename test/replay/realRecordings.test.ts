import * as path from "node:path";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { runReplay } from "../../src/replay/runReplay";
import { realScansDir, sharedDataMissingReason } from "../../src/runtime/sharedData";

const dir = realScansDir();
const itReal = dir === undefined ? it.skip : it;
if (dir === undefined) console.warn(`real recording replay tests skipped: ${sharedDataMissingReason}`);

// None of these recordings shows a basketball court (../shared/data/real_scans/README.md): a valid
// target estimate from any of them is a hoop the estimator invented, and a ready or a fed ball is a
// shot at it. The whole chain runs with the shipped params, as `robocon-shooter replay` does.
describe("replay of the real recordings through the whole chain with the shipped params", () => {
  itReal.each([
    ["hokuyo_urg_stationary.mcap", 1265],
    ["sick_lms1xx_static.mcap", 89],
    ["intel_lab_5min.mcap", 1515 + 3002],
  ])("%s: all %p messages fed; no valid target estimate, launcher never ready, no ball fed", async (bag, messages) => {
    const report = await runReplay({ bag: path.join(dir ?? "", bag), paramsFiles: DEFAULT_PARAMS_FILES });
    expect(report.bag_integrity.complete).toBe(true);
    expect(report.input_messages).toBe(messages);
    expect(report.bag_topics.every((t) => t.role === "fed")).toBe(true);
    // The launcher ran all along (its ready gate was published), so "never ready" is its decision.
    expect(report.topics["/launcher/ready"]).toBeGreaterThan(10 * report.duration_s);
    expect({ valid_target_estimates: report.shooter.valid_target_estimates, ready: report.shooter.ready, feed: report.shooter.feed }).toEqual({ valid_target_estimates: 0, ready: 0, feed: 0 });
  });
});
