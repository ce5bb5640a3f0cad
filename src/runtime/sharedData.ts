import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Where ../shared/data lives beside the project (developer machines and CI), or undefined in a
 * user's clone. Tests and benchmarks that need it skip with a message naming this path.
 */
export function sharedDataDir(): string | undefined {
  const candidates = [
    process.env.ROBOCON_SHOOTER_SHARED_DATA,
    path.resolve(__dirname, "..", "..", "..", "shared", "data"),
    path.resolve(__dirname, "..", "..", "..", "..", "shared", "data"),
    path.resolve(process.cwd(), "..", "shared", "data"),
  ];
  for (const dir of candidates) {
    if (dir !== undefined && fs.existsSync(path.join(dir, "real_scans"))) return dir;
  }
  return undefined;
}

/** The real LiDAR recordings directory, or undefined with the reason in `sharedDataMissingReason`. */
export function realScansDir(): string | undefined {
  const dir = sharedDataDir();
  return dir === undefined ? undefined : path.join(dir, "real_scans");
}

export const sharedDataMissingReason =
  "../shared/data/real_scans is not beside this clone (it exists on the team's dev machines and CI); set ROBOCON_SHOOTER_SHARED_DATA to its data/ folder to run these";
