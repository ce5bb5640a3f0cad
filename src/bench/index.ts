import type { Benchmark } from "./figure";
import { callbackBenchmarks } from "./callback.bench";
import { chainLatencyBenchmarks } from "./chainLatency.bench";
import { rosLatencyBenchmarks } from "./rosLatency.bench";
import { estimationBenchmarks } from "./estimation.bench";
import { integrityBenchmarks } from "./integrity.bench";
import { launcherBenchmarks } from "./launcher.bench";
import { rangingBenchmarks } from "./ranging.bench";
import { runtimeBenchmarks } from "./runtime.bench";
import { simBenchmarks } from "./sim.bench";

/** Every benchmark `npm run bench` runs, in print order. */
export function allBenchmarks(): Benchmark[] {
  return [...runtimeBenchmarks, ...chainLatencyBenchmarks, ...rosLatencyBenchmarks, ...rangingBenchmarks, ...estimationBenchmarks, ...callbackBenchmarks, ...integrityBenchmarks, ...launcherBenchmarks, ...simBenchmarks];
}
