/**
 * QoS profiles by name, as rclcpp / rclpy define them. Sensor consumers subscribe with
 * `sensorData` (REP-2003): best effort, so a late sample is dropped, not retried.
 */
export interface QosProfile {
  readonly reliability: "reliable" | "best_effort";
  readonly durability: "volatile" | "transient_local";
  /** keep_last depth: how many samples a reader queues before dropping the oldest. */
  readonly depth: number;
}

export const QoS = {
  /** rmw_qos_profile_sensor_data */
  sensorData: { reliability: "best_effort", durability: "volatile", depth: 5 },
  /** rclcpp::QoS(10), the default for commands and state */
  reliable: { reliability: "reliable", durability: "volatile", depth: 10 },
  /** Latched: late subscribers get the last sample (maps, static markers). */
  transientLocal: { reliability: "reliable", durability: "transient_local", depth: 1 },
  /** /tf, as tf2_ros's TransformBroadcaster offers it (DynamicBroadcasterQoS). */
  tf: { reliability: "reliable", durability: "volatile", depth: 100 },
  /** /tf_static, as tf2_ros's StaticTransformBroadcaster offers it: latched, one message holding every static transform. */
  tfStatic: { reliability: "reliable", durability: "transient_local", depth: 1 },
  /**
   * A /tf_static reader, as tf2_ros's TransformListener subscribes (StaticListenerQoS): latched,
   * with room for every static broadcaster's one message (each sends its own).
   */
  tfStaticListener: { reliability: "reliable", durability: "transient_local", depth: 100 },
} as const satisfies Record<string, QosProfile>;

/** Message types a sensor driver publishes: REP-2003 says with the sensor-data profile. */
const SENSOR_TYPES: ReadonlySet<string> = new Set(["sensor_msgs/msg/LaserScan", "sensor_msgs/msg/Range", "sensor_msgs/msg/JointState"]);

/**
 * The QoS a driver publishes `type` on `topic` with: the sensor-data profile for scans, ranges,
 * joint states and the base's wheel odometry (`odom`, as sim_world publishes it), reliable for
 * everything else. For where no writer states its QoS: the replay publishes a bag's inputs with
 * it (the recorder stores what the writers actually offer).
 */
export function driverQos(type: string, topic: string): QosProfile {
  const wheelOdometry = type === "nav_msgs/msg/Odometry" && (topic === "odom" || topic.endsWith("/odom"));
  return SENSOR_TYPES.has(type) || wheelOdometry ? QoS.sensorData : QoS.reliable;
}

/**
 * The QoS rosbag2's recorder requests from a topic's writers (`adapt_request_to_offers`): reliable
 * only when every writer is, transient local only when every writer is (so a latched sample
 * published before recording started is recorded), otherwise best effort and volatile, which
 * hear every writer. `depth` is the recorder's own queue.
 */
export function recorderQos(offered: readonly QosProfile[], depth: number): QosProfile {
  const all = (test: (writer: QosProfile) => boolean): boolean => offered.length > 0 && offered.every(test);
  return {
    reliability: all((writer) => writer.reliability === "reliable") ? "reliable" : "best_effort",
    durability: all((writer) => writer.durability === "transient_local") ? "transient_local" : "volatile",
    depth,
  };
}

/**
 * Whether a writer and a reader match, by the DDS request-vs-offered rules ROS 2 uses: a reliable
 * reader does not hear a best-effort writer, a transient-local reader does not hear a volatile one.
 */
export function qosCompatible(writer: QosProfile, reader: QosProfile): boolean {
  const reliabilityOk = !(reader.reliability === "reliable" && writer.reliability === "best_effort");
  const durabilityOk = !(reader.durability === "transient_local" && writer.durability === "volatile");
  return reliabilityOk && durabilityOk;
}
