import { diagonalCovariance6, header, planarPose } from "../msgs/builders";
import type { NodeDefinition } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { diagnosticsPeriodParameter } from "./common";

/** SHELL: replaced by the full node (issue 4). */
export const targetEstimation: NodeDefinition = {
  name: "target_estimation",
  description: "Fuses laser measurements into the hoop position relative to the launcher",
  schema: { diagnostics_period: diagnosticsPeriodParameter },
  configure(context) {
    const out = context.createPublisher("nav_msgs/msg/Odometry", "target/estimate", QoS.reliable);
    context.createSubscription("sensor_msgs/msg/Range", "ranging/front", QoS.sensorData, (m) => {
      if (!Number.isFinite(m.range)) return;
      out.publish({
        header: header(context.now(), "launcher"),
        child_frame_id: "target",
        pose: { pose: planarPose(m.range, 0, 0), covariance: diagonalCovariance6([1e-4, 1e-4, 1e-4, 0, 0, 0]) },
        twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: diagonalCovariance6([1e-4, 1e-4, 1e-4, 0, 0, 0]) },
      });
    });
    return {};
  },
};
