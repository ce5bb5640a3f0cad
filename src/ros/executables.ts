import { nodeDefinitions } from "../nodes/index";
import type { NodeDefinition } from "../runtime/port";
import { simLauncher } from "../sim/nodes/simLauncher";
import { simWorld } from "../sim/nodes/simWorld";

/**
 * Everything `ros2 run robocon_shooter <name>` can start: the three nodes, and the simulator's
 * two nodes for launch/sim.launch.py. CMakeLists.txt installs one lib/robocon_shooter/<name>
 * wrapper for each (test/launch checks the two lists agree).
 */
export const rosExecutables: Readonly<Record<string, NodeDefinition>> = {
  ...nodeDefinitions,
  sim_world: simWorld,
  sim_launcher: simLauncher,
};
