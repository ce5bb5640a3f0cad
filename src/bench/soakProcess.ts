import { spawn } from "node:child_process";
import * as path from "node:path";

/**
 * The memory soak in a process of its own: RSS is the whole process's, so measured inside the
 * bench it held every benchmark that ran before (the simulator, the latency run), which is not
 * what a team's node process carries. The child (soakChild.ts) records the sensor feed, warms the
 * three nodes up and soaks them (soakRig), and prints the samples as JSON; its progress lines come
 * back through `progress`.
 */
export interface SoakSamples {
  /** The process's resident set size at each sample [MiB, 2^20 bytes: the figures' "MB"]. */
  readonly rss: number[];
  /** heapUsed at each sample, after a forced full GC where one is available [MiB]. */
  readonly heap: number[];
  /** How the soak ran, for the figures' notes. */
  readonly soak: string;
}

export function soakInFreshProcess(quick: boolean, progress: (line: string) => void): Promise<SoakSamples> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", path.join(__dirname, "soakChild.js"), ...(quick ? ["--quick"] : [])], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderrTail = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith(PROGRESS)) progress(line.slice(PROGRESS.length));
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0) {
        reject(new Error(`the soak process failed (exit ${code ?? signal ?? "?"}): ${stderrTail}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as SoakSamples);
      } catch (error) {
        reject(new Error(`the soak process printed no samples: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  });
}

/** Marks the child's progress lines on its standard error (anything else there is passed over, and kept for an error). */
export const PROGRESS = "progress: ";
