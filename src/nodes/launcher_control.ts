import type { NodeDefinition } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { diagnosticsPeriodParameter } from "./common";

/** SHELL: replaced by the full node (issue 5). */
export const launcherControl: NodeDefinition = {
  name: "launcher_control",
  description: "Ballistic solve, flywheel speed loop, ready gate and firing",
  schema: { diagnostics_period: diagnosticsPeriodParameter },
  configure(context) {
    const command = context.createPublisher("std_msgs/msg/Float64MultiArray", "launcher/velocity_command", QoS.reliable);
    context.createSubscription("nav_msgs/msg/Odometry", "target/estimate", QoS.reliable, (m) => {
      const distance = Math.hypot(m.pose.pose.position.x, m.pose.pose.position.y);
      command.publish({ layout: { dim: [], data_offset: 0 }, data: [distance * 20] });
    });
    context.createService("std_srvs/srv/Trigger", "launcher/fire", () => ({ success: false, message: "not ready" }));
    return {};
  },
};
