import { diagnosticStatus, header } from "../msgs/builders";
import type { DiagnosticLevelValue, DiagnosticStatus } from "../msgs/types";
import type { ParameterDescriptor } from "../core/parameters/schema";
import type { NodeContext, Publisher } from "../runtime/port";
import { QoS } from "../runtime/qos";
import type { DiagnosticArray } from "../msgs/types";

/** Every node publishes its state on the absolute /diagnostics, where rqt_robot_monitor looks. */
export const DIAGNOSTICS_TOPIC = "/diagnostics";
/** tf2's topics: absolute, as every tf2 listener (rviz2 included) reads them. */
export const TF_TOPIC = "/tf";
export const TF_STATIC_TOPIC = "/tf_static";

export const diagnosticsPeriodParameter: ParameterDescriptor = {
  type: "double",
  default: 1.0,
  min: 0.05,
  max: 60,
  unit: "s",
  description: "Period of the /diagnostics report",
  readOnly: true,
};

/** Collects status entries from a node's parts and publishes them as one DiagnosticArray. */
export class DiagnosticsReporter {
  private readonly publisher: Publisher<DiagnosticArray>;

  constructor(
    private readonly context: NodeContext,
    private readonly collect: () => DiagnosticStatus[],
  ) {
    this.publisher = context.createPublisher("diagnostic_msgs/msg/DiagnosticArray", DIAGNOSTICS_TOPIC, QoS.reliable);
    const period = context.parameters.diagnostics_period;
    context.createTimer(typeof period === "number" ? period : 1.0, () => this.publish());
  }

  publish(): void {
    this.publisher.publish({ header: header(this.context.now(), ""), status: this.collect() });
  }

  status(level: DiagnosticLevelValue, part: string, message: string, values: Readonly<Record<string, string | number | boolean>>): DiagnosticStatus {
    return diagnosticStatus(level, `${this.context.nodeName}: ${part}`, message, values);
  }
}
