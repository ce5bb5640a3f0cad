import { rangeMessage } from "../msgs/builders";
import type { NodeDefinition } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { diagnosticsPeriodParameter, DiagnosticsReporter } from "./common";
import { DiagnosticLevel } from "../msgs/types";

/** SHELL: replaced by the full node (issue 3). */
export const laserRanging: NodeDefinition = {
  name: "laser_ranging",
  description: "Clean ranges, virtual beams and target detections from laser sensors",
  schema: {
    diagnostics_period: diagnosticsPeriodParameter,
  },
  configure(context) {
    const out = context.createPublisher("sensor_msgs/msg/Range", "ranging/front", QoS.sensorData);
    let count = 0;
    context.createSubscription("sensor_msgs/msg/Range", "range/front", QoS.sensorData, (m) => {
      count++;
      const valid = m.min_range <= m.range && m.range <= m.max_range;
      out.publish(rangeMessage({ stamp: m.header.stamp, frameId: m.header.frame_id, range: valid ? m.range : NaN, minRange: m.min_range, maxRange: m.max_range, fieldOfView: m.field_of_view }));
    });
    const diagnostics: DiagnosticsReporter = new DiagnosticsReporter(context, () => [diagnostics.status(DiagnosticLevel.OK, "front", "ok", { count })]);
    return {};
  },
};
