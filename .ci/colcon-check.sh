#!/usr/bin/env bash
# Packaging check: validates package.xml with catkin_pkg, runs `colcon build` on this package in a
# temporary workspace and asserts the installed layout (what `ros2 run` / `ros2 launch` need).
# Needs no ROS 2 install: Debian's colcon, colcon-ros, ament-cmake and catkin-pkg suffice.
# Usage: .ci/colcon-check.sh            (run from anywhere; builds dist/ first if missing)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A pyenv / venv python3 shadows Debian's, which is the one with colcon and catkin_pkg.
export PATH="/usr/bin:/bin:${PATH}"

say() { printf 'colcon-check: %s\n' "$*"; }
fail() { printf 'colcon-check: FAIL: %s\n' "$*" >&2; exit 1; }

# colcon-bash writes install/setup.bash, which docs/ros.md and npm run test:ros source.
debs=(colcon python3-colcon-ros python3-colcon-bash ament-cmake python3-catkin-pkg)
have_tools() { command -v colcon >/dev/null && python3 -c 'import catkin_pkg, colcon_ros, colcon_bash' 2>/dev/null && [ -d /usr/share/ament_cmake ]; }
if ! have_tools; then
  say "installing ${debs[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${debs[@]}"
  have_tools || fail "colcon / catkin_pkg / ament_cmake still missing after apt-get install"
fi

say "validating package.xml with catkin_pkg"
python3 - "$repo/package.xml" <<'PY'
import sys
from catkin_pkg.package import parse_package
pkg = parse_package(sys.argv[1])  # raises InvalidPackage with the reason
pkg.validate()
assert pkg.name == "robocon_shooter", pkg.name
assert pkg.package_format == 3, pkg.package_format
build_type = pkg.get_build_type()
assert build_type == "ament_cmake", build_type
names = {d.name for d in pkg.exec_depends}
needed = {"nodejs", "sensor_msgs", "geometry_msgs", "nav_msgs", "std_msgs", "std_srvs",
          "visualization_msgs", "diagnostic_msgs", "rosgraph_msgs", "builtin_interfaces",
          "launch", "launch_ros", "lifecycle_msgs", "rcl", "rcl_lifecycle"}
missing = needed - names
assert not missing, f"exec_depend missing: {sorted(missing)}"
print(f"colcon-check: package.xml ok: {pkg.name} {pkg.version}, format {pkg.package_format}, {len(names)} exec_depends")
PY

if [ ! -f "$repo/dist/ros/main.js" ]; then
  say "dist/ros/main.js missing: npm run build"
  (cd "$repo" && npm run build --silent)
fi
[ -d "$repo/node_modules" ] || fail "node_modules missing: run npm ci in $repo first"

ws="$(mktemp -d "${TMPDIR:-/tmp}/robocon_shooter_colcon.XXXXXX")"
trap 'rm -rf "$ws"' EXIT
say "colcon build in $ws"
# --base-paths points colcon at the checkout itself: no copy of node_modules into the workspace.
if ! (cd "$ws" && colcon --log-base "$ws/log" build \
      --base-paths "$repo" --packages-select robocon_shooter --merge-install \
      --build-base "$ws/build" --install-base "$ws/install" \
      --event-handlers console_direct- > "$ws/colcon.out" 2>&1); then
  cat "$ws/colcon.out" >&2
  find "$ws/log" -name 'stdout_stderr.log' -exec cat {} + >&2 || true
  fail "colcon build failed"
fi
tail -n 3 "$ws/colcon.out"

install="$ws/install"
for node in laser_ranging target_estimation launcher_control sim_world sim_launcher; do
  exe="$install/lib/robocon_shooter/$node"
  [ -x "$exe" ] || fail "missing executable $exe"
  grep -q "dist/ros/main.js\" $node" "$exe" || fail "$exe does not run dist/ros/main.js $node"
done
share="$install/share/robocon_shooter"
for path in launch/shooter.launch.py launch/sim.launch.py params rviz/shooter.rviz package.xml package.json dist/ros/main.js node_modules; do
  [ -e "$share/$path" ] || fail "missing $share/$path"
done
[ -f "$install/share/ament_index/resource_index/packages/robocon_shooter" ] || fail "package not registered in the ament index"
[ -f "$install/setup.bash" ] || fail "missing install/setup.bash"

# The wrapper really reaches our entry point. With ROS 2 and rclnodejs a valid call would start a
# node that runs until stopped (npm run test:ros starts them for real), so an unknown flag is given
# instead: our argument check answers before rclnodejs is loaded. Without them, the one-line hint.
wrapper="$install/lib/robocon_shooter/laser_ranging"
if [ -d "$repo/node_modules/rclnodejs" ] && [ -n "${ROS_DISTRO:-}" ]; then
  args=(--colcon-check-flag) expect_text="unknown argument '--colcon-check-flag'"
else
  args=(--ros-args -r __node:=colcon_check) expect_text="rclnodejs is not installed or not built"
fi
set +e
out="$(timeout 60 "$wrapper" "${args[@]}" 2>&1)"
code=$?
set -e
[ "$code" -eq 1 ] || fail "laser_ranging ${args[*]} exited $code, expected 1: $out"
[[ "$out" == *"$expect_text"* ]] || fail "unexpected output from laser_ranging ${args[*]}: $out"
say "lib/robocon_shooter/laser_ranging ${args[*]} reaches dist/ros/main.js: exit $code, \"$expect_text\""
say "OK: lib/robocon_shooter/{laser_ranging,target_estimation,launcher_control,sim_world,sim_launcher} and share/robocon_shooter/{launch,params,rviz,package.xml} installed"
