import { CsvError, parse } from "csv-parse/sync";
import type { CalibrationShot, ShotOutcome } from "./fitLaunchCalibration";

const COLUMNS = ["distance_m", "wheel_speed_radps", "outcome", "miss_m", "launch_angle_rad"] as const;
const REQUIRED = ["distance_m", "wheel_speed_radps"] as const;
const OUTCOMES: readonly string[] = ["made", "short", "long"];

/** One CSV record and the line of the file it ends on (1-based), as csv-parse reports it. */
interface NumberedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Reads the team's test shots: a header line naming the columns (any order), then one shot per
 * line. Columns: distance_m, wheel_speed_radps, and at least one of outcome (made | short | long)
 * or miss_m (signed horizontal miss at the rim plane [m], positive long); optional
 * launch_angle_rad. Blank lines and lines starting with # are skipped; fields may be quoted (as a
 * spreadsheet exports them). Any problem throws one error naming the source, the line and the field.
 */
export function parseShotsCsv(text: string, source = "shots.csv"): CalibrationShot[] {
  const records = readRecords(text, source);
  const [headerRecord, ...rows] = records;
  if (headerRecord === undefined) throw new Error(`${source}: empty, expected a header line and shots`);
  const header = checkedHeader(headerRecord, source);
  const headerLine = headerRecord.info.lines;
  const shots = rows.map((row) => shotFrom(row, header, headerLine, source));
  if (shots.length === 0) throw new Error(`${source}: no shots after the header on line ${headerLine}`);
  return shots;
}

function readRecords(text: string, source: string): NumberedRecord[] {
  try {
    // relax_column_count: a short line is reported below with its line and the header's count.
    // With `info: true` each record comes as { record, info }; csv-parse's declarations still say string[][].
    return parse(text, { comment: "#", comment_no_infix: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as NumberedRecord[];
  } catch (error) {
    if (error instanceof CsvError) throw new Error(`${source} line ${String(error.lines)}: ${error.message}`);
    throw error;
  }
}

function checkedHeader({ record: names, info }: NumberedRecord, source: string): readonly string[] {
  for (const name of names) {
    if (!(COLUMNS as readonly string[]).includes(name)) {
      throw new Error(`${source} line ${info.lines}: unknown column "${name}"; allowed: ${COLUMNS.join(", ")}`);
    }
  }
  for (const name of REQUIRED) {
    if (!names.includes(name)) throw new Error(`${source} line ${info.lines}: missing column "${name}"`);
  }
  if (!names.includes("outcome") && !names.includes("miss_m")) {
    throw new Error(`${source} line ${info.lines}: needs an "outcome" or a "miss_m" column`);
  }
  return names;
}

function shotFrom({ record: cells, info }: NumberedRecord, header: readonly string[], headerLine: number, source: string): CalibrationShot {
  const lineNo = info.lines;
  if (cells.length !== header.length) {
    throw new Error(`${source} line ${lineNo}: expected ${header.length} fields (as the header on line ${headerLine}), got ${cells.length}`);
  }
  const field = (name: string): string | undefined => {
    const index = header.indexOf(name);
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
  return {
    distance_m: distance,
    wheelSpeed_radps: wheelSpeed,
    ...(outcome === undefined ? {} : { outcome: outcome as ShotOutcome }),
    ...(miss === undefined ? {} : { miss_m: miss }),
    ...(angle === undefined ? {} : { launchAngle_rad: angle }),
    line: lineNo,
  };
}
