import type { CalibrationShot, ShotOutcome } from "./fitLaunchCalibration";

const COLUMNS = ["distance_m", "wheel_speed_radps", "outcome", "miss_m", "launch_angle_rad"] as const;
const REQUIRED = ["distance_m", "wheel_speed_radps"] as const;
const OUTCOMES: readonly string[] = ["made", "short", "long"];

/**
 * Reads the team's test shots: a header line naming the columns (any order), then one shot per
 * line. Columns: distance_m, wheel_speed_radps, and at least one of outcome (made | short | long)
 * or miss_m (signed horizontal miss at the rim plane [m], positive long); optional
 * launch_angle_rad. Blank lines and lines starting with # are skipped. Any problem throws one
 * error naming the source, the line and the field.
 */
export function parseShotsCsv(text: string, source = "shots.csv"): CalibrationShot[] {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  let headerLine = 0;
  const shots: CalibrationShot[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? "").trim();
    const lineNo = i + 1;
    if (raw === "" || raw.startsWith("#")) continue;
    const cells = raw.split(",").map((c) => c.trim());
    if (header === undefined) {
      header = cells;
      headerLine = lineNo;
      for (const name of cells) {
        if (!(COLUMNS as readonly string[]).includes(name)) {
          throw new Error(`${source} line ${lineNo}: unknown column "${name}"; allowed: ${COLUMNS.join(", ")}`);
        }
      }
      for (const name of REQUIRED) {
        if (!cells.includes(name)) throw new Error(`${source} line ${lineNo}: missing column "${name}"`);
      }
      if (!cells.includes("outcome") && !cells.includes("miss_m")) {
        throw new Error(`${source} line ${lineNo}: needs an "outcome" or a "miss_m" column`);
      }
      continue;
    }
    if (cells.length !== header.length) {
      throw new Error(`${source} line ${lineNo}: expected ${header.length} fields (as the header on line ${headerLine}), got ${cells.length}`);
    }
    const field = (name: string): string | undefined => {
      const index = header?.indexOf(name) ?? -1;
      const value = index >= 0 ? cells[index] : undefined;
      return value === undefined || value === "" ? undefined : value;
    };
    const number = (name: string, positive: boolean): number | undefined => {
      const value = field(name);
      if (value === undefined) return undefined;
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || (positive && !(parsed > 0))) {
        throw new Error(`${source} line ${lineNo}, field "${name}": expected a ${positive ? "positive " : ""}number, got "${value}"`);
      }
      return parsed;
    };
    const distance = number("distance_m", true);
    const wheelSpeed = number("wheel_speed_radps", true);
    if (distance === undefined) throw new Error(`${source} line ${lineNo}, field "distance_m": missing`);
    if (wheelSpeed === undefined) throw new Error(`${source} line ${lineNo}, field "wheel_speed_radps": missing`);
    const outcome = field("outcome");
    if (outcome !== undefined && !OUTCOMES.includes(outcome)) {
      throw new Error(`${source} line ${lineNo}, field "outcome": expected made | short | long, got "${outcome}"`);
    }
    const miss = number("miss_m", false);
    if (outcome === undefined && miss === undefined) {
      throw new Error(`${source} line ${lineNo}: needs an outcome or a miss_m`);
    }
    const angle = number("launch_angle_rad", true);
    shots.push({
      distance_m: distance,
      wheelSpeed_radps: wheelSpeed,
      ...(outcome === undefined ? {} : { outcome: outcome as ShotOutcome }),
      ...(miss === undefined ? {} : { miss_m: miss }),
      ...(angle === undefined ? {} : { launchAngle_rad: angle }),
      line: lineNo,
    });
  }
  if (header === undefined) throw new Error(`${source}: empty, expected a header line and shots`);
  if (shots.length === 0) throw new Error(`${source}: no shots after the header on line ${headerLine}`);
  return shots;
}
