#!/usr/bin/env bash
# On a machine with ROS 2 sourced and `npm ci && npm run build` done: colcon build into a temporary
# workspace, `ros2 launch robocon_shooter shooter.launch.py`, check that every node reaches the
# active state (autostart through --autostart, --ros-args reaching rclnodejs), then Ctrl-C.
# Used by .github/workflows/ros.yml; not run by this repository's own CI (no ROS 2 there).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${ROS_DISTRO:?source /opt/ros/<distro>/setup.bash first}"

ws="$(mktemp -d "${TMPDIR:-/tmp}/robocon_shooter_launch.XXXXXX")"
launch_pid=""
cleanup() {
  if [ -n "$launch_pid" ]; then kill -INT "$launch_pid" 2>/dev/null || true; wait "$launch_pid" 2>/dev/null || true; fi
  rm -rf "$ws"
}
trap cleanup EXIT

(cd "$ws" && colcon --log-base "$ws/log" build --base-paths "$repo" --packages-select robocon_shooter \
  --merge-install --build-base "$ws/build" --install-base "$ws/install" --event-handlers console_direct-)
# shellcheck disable=SC1091
source "$ws/install/setup.bash"

ns="launch_check_$$"
ros2 launch robocon_shooter shooter.launch.py namespace:="$ns" > "$ws/launch.log" 2>&1 &
launch_pid=$!

for node in laser_ranging target_estimation launcher_control; do
  state=""
  for _ in $(seq 1 60); do
    state="$(ros2 lifecycle get "/$ns/$node" 2>/dev/null || true)"
    [[ "$state" == active* ]] && break
    sleep 1
  done
  if [[ "$state" != active* ]]; then
    cat "$ws/launch.log" >&2
    echo "launch-check: FAIL: /$ns/$node is '${state:-not reachable}', expected active" >&2
    exit 1
  fi
  echo "launch-check: /$ns/$node is $state"
done

kill -INT "$launch_pid"
wait "$launch_pid" || true
launch_pid=""
if grep -E "process has died|exit code [1-9]" "$ws/launch.log"; then
  cat "$ws/launch.log" >&2
  echo "launch-check: FAIL: a node did not shut down cleanly" >&2
  exit 1
fi
echo "launch-check: OK: all three nodes active under ros2 launch, clean shutdown on SIGINT"
