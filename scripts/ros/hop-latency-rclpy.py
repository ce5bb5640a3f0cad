#!/usr/bin/env python3
"""One DDS hop with rclpy at one end or both, beside scripts/ros/hop-latency.js (docs/performance.md,
"Messages as CDR bytes"): nav_msgs/Odometry at 50 Hz stamped with the machine's monotonic clock,
the clock process.hrtime reads too, so either end may be rclnodejs.

  export PATH=/usr/bin:$PATH; source /opt/ros2-humble-min/setup.bash; export ROS_DOMAIN_ID=77
  python3 scripts/ros/hop-latency-rclpy.py both                          # rclpy to rclpy
  python3 scripts/ros/hop-latency-rclpy.py sub hop_latency_77 &          # rclnodejs to rclpy:
  node scripts/ros/hop-latency.js --publish reliable 500 objects         #   (its topic is hop_latency_<domain>)
  python3 scripts/ros/hop-latency-rclpy.py pub hop_latency_77 &          # rclpy to rclnodejs:
  node scripts/ros/hop-latency.js --subscribe reliable 500 objects

The subscriber prints the median, 99th percentile and max of receipt minus stamp over 500
messages after 100 warm-up ones; the publisher runs until stopped.
"""
import subprocess
import sys
import time

WARM_UP = 100
MESSAGES = 500


def node(name):
    import rclpy
    from rclpy.node import Node
    rclpy.init()
    return rclpy, Node(name)


def publish(topic):
    from nav_msgs.msg import Odometry
    rclpy, n = node("hop_latency_rclpy_publisher")
    publisher = n.create_publisher(Odometry, topic, 10)
    message = Odometry()
    message.header.frame_id = "map"

    def tick():
        now = time.monotonic_ns()
        message.header.stamp.sec, message.header.stamp.nanosec = divmod(now, 10**9)
        publisher.publish(message)

    n.create_timer(0.02, tick)
    rclpy.spin(n)


def subscribe(topic):
    from nav_msgs.msg import Odometry
    rclpy, n = node("hop_latency_rclpy_subscriber")
    latencies = []

    def received(m):
        latencies.append((time.monotonic_ns() - (m.header.stamp.sec * 10**9 + m.header.stamp.nanosec)) / 1e6)
        if len(latencies) < WARM_UP + MESSAGES:
            return
        s = sorted(latencies[WARM_UP:])
        print(f"nav_msgs/Odometry at 50 Hz into rclpy: median {s[len(s) // 2]:.3f} ms, p99 {s[int(0.99 * len(s))]:.3f} ms, "
              f"max {s[-1]:.3f} ms over {MESSAGES} messages (one hop, two processes)", flush=True)
        raise SystemExit(0)

    n.create_subscription(Odometry, topic, received, 10)
    rclpy.spin(n)


def main():
    role = sys.argv[1] if len(sys.argv) > 1 else ""
    topic = sys.argv[2] if len(sys.argv) > 2 else "hop_latency_rclpy"
    if role == "pub":
        publish(topic)
    elif role == "sub":
        subscribe(topic)
    elif role == "both":
        subscriber = subprocess.Popen([sys.executable, __file__, "sub", topic])
        time.sleep(1)
        publisher = subprocess.Popen([sys.executable, __file__, "pub", topic], stderr=subprocess.DEVNULL)
        try:
            sys.exit(subscriber.wait(timeout=60))
        finally:
            publisher.terminate()
    else:
        print(__doc__)
        sys.exit(0 if role in ("-h", "--help") else 2)


if __name__ == "__main__":
    main()
