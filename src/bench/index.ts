import type { Benchmark } from "./figure";
import { runtimeBenchmarks } from "./runtime.bench";

/** Every benchmark `npm run bench` runs, in print order. */
export function allBenchmarks(): Benchmark[] {
  return [...runtimeBenchmarks];
}
