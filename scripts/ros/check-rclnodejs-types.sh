#!/usr/bin/env bash
# Type-checks the rclnodejs adapter's local API (src/runtime/rclnodejs/rclnodejsApi.ts) against
# rclnodejs's own declarations, so a change in rclnodejs's API fails here, not on the robot.
# Fetches the pinned rclnodejs tarball with `npm pack` into .rclnodejs-types/ (gitignored) once,
# then runs `tsc -p tsconfig.rclnodejs.json`. Works without ROS 2.
#
# rclnodejs generates types/interfaces.d.ts (every message of the ROS install) at `npm ci` time;
# the tarball lacks it. Where node_modules/rclnodejs has a generated one (a ROS 2 machine), it is
# used, which also checks that every message type this package names exists in that install;
# otherwise scripts/ros/rclnodejs-interfaces.stub.d.cts stands in for it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
version="${RCLNODEJS_VERSION:-$(node -p "const p = require('./package.json'); ((p.optionalDependencies || {}).rclnodejs || (p.dependencies || {}).rclnodejs || '2.2.0').replace(/^[~^=]/, '')")}"
cache="$repo/.rclnodejs-types"
types="$cache/package/types"

cached="$(node -p "try { require('$cache/package/package.json').version } catch { '' }")"
if [ "$cached" != "$version" ]; then
  echo "check-rclnodejs-types: fetching rclnodejs@$version declarations (npm pack)"
  rm -rf "$cache"
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent "rclnodejs@$version" >/dev/null && tar -xzf "rclnodejs-$version.tgz" && rm "rclnodejs-$version.tgz")
fi
[ -f "$types/index.d.ts" ] || { echo "check-rclnodejs-types: $types/index.d.ts missing after npm pack" >&2; exit 1; }

generated="$repo/node_modules/rclnodejs/types/interfaces.d.ts"
if [ -f "$generated" ]; then
  cp "$generated" "$types/interfaces.d.ts"
  echo "check-rclnodejs-types: using the message declarations generated from this ROS 2 install"
else
  cp "$repo/scripts/ros/rclnodejs-interfaces.stub.d.cts" "$types/interfaces.d.ts"
fi

npx --no-install tsc -p tsconfig.rclnodejs.json
echo "check-rclnodejs-types: OK: src/runtime/rclnodejs/rclnodejsApi.ts matches rclnodejs@$version's declarations"
