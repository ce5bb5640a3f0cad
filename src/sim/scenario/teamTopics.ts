import type { LauncherConfig } from "../../core/ballistics/launcherParameters";
import { isCovarianceStale } from "../../core/estimation/targetOutput";
import type { InProcessGraph } from "../../runtime/inprocess/InProcessGraph";
import { QoS } from "../../runtime/qos";

/** What the team's side sees on the topics: the valid estimate, the encoder and the hood command, latched at each feed. */
export interface TeamTopics {
  /** The log of the last feed since clearFeed: estimate [m] (NaN when stale), encoder [rad/s], commanded launch angle [rad]. */
  lastFeed(): { readonly estimate: number; readonly encoder: number; readonly launchAngle: number } | undefined;
  clearFeed(): void;
}

export function watchTeamTopics(graph: InProcessGraph, config: LauncherConfig): TeamTopics {
  const binding = graph.binding("team");
  let estimate = NaN;
  let encoder = NaN;
  let launchAngle = config.launch.mode === "fixed" ? config.launch.angle_rad : NaN;
  let feed: { estimate: number; encoder: number; launchAngle: number } | undefined;
  binding.subscribe("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 100 }, (m) => {
    const p = m.pose.pose.position;
    estimate = isCovarianceStale(m.pose.covariance) ? NaN : Math.hypot(p.x, p.y);
  });
  binding.subscribe("sensor_msgs/msg/JointState", "/joint_states", { ...QoS.sensorData, depth: 10 }, (m) => {
    const index = m.name.indexOf("flywheel_joint");
    const velocity = m.velocity[index];
    if (index >= 0 && velocity !== undefined) encoder = velocity;
  });
  binding.subscribe("std_msgs/msg/Float64", "/launcher/hood_command", { ...QoS.reliable, depth: 10 }, (m) => {
    launchAngle = m.data;
  });
  binding.subscribe("std_msgs/msg/Bool", "/launcher/feed", { ...QoS.reliable, depth: 10 }, (m) => {
    if (m.data) feed = { estimate, encoder, launchAngle };
  });
  return {
    lastFeed: () => feed,
    clearFeed: () => {
      feed = undefined;
    },
  };
}

