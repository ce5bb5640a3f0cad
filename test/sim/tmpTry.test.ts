import { runScenario } from "../../src/sim/runScenario";
import { nodeDefinitions } from "../../src/nodes/index";
it.each([
  ["none", {}],
  ["ranging", { laser_ranging: nodeDefinitions.laser_ranging! }],
  ["estimation", { target_estimation: nodeDefinitions.target_estimation! }],
  ["all", nodeDefinitions],
])("tries %s", async (_n, nodes) => {
  const r = await runScenario({ shots: 10, seed: 1, sensors: "mixed", calibrationShots: 0, baseline: "none", launcher: "fixed", nodes });
  console.log(_n, r.realtime_factor, r.sim_time_s, r.wall_time_s);
});
