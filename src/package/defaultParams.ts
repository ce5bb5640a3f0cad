import * as path from "node:path";

/** The package's root folder (dist/package/../.. or src/package/../..: dist/ and src/ both sit beside params/). */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
/** params/shooter.yaml: the three nodes' parameters. */
export const DEFAULT_SHOOTER_PARAMS = path.join(PACKAGE_ROOT, "params", "shooter.yaml");
/** params/court_abu2025.yaml: the court map (target_estimation). */
export const DEFAULT_COURT_PARAMS = path.join(PACKAGE_ROOT, "params", "court_abu2025.yaml");
/** What launch/shooter.launch.py passes, in --params-file order. */
export const DEFAULT_PARAMS_FILES: readonly string[] = [DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS];

/** The `--params-file` value that reads no file at all: every parameter at its schema default. */
export const NO_PARAMS_FILE = "none";

/** The params files a command runs on, and why those. */
export interface ParamsSelection {
  /** In `--params-file` order: a later file's value wins, as rcl applies them. Empty: the schema defaults. */
  readonly files: readonly string[];
  /** shipped: the package's files, as the launch file passes them; given: the command line's; none: no file (`--params-file none`). */
  readonly origin: "shipped" | "given" | "none";
}

/**
 * The one resolution of params files for every command and the simulator, the launch file's
 * (launch/shooter.launch.py): the given files in order; none given, the package's
 * params/shooter.yaml and the court file (`courtFile`, default params/court_abu2025.yaml); the
 * single word `none`, no file, so each parameter takes its schema default. The schema defaults
 * describe no particular robot (a 55 deg hood where the shipped file has 63 deg): they are only
 * ever taken on purpose. `courtFile` only replaces the shipped court file; given files name
 * their court file among them.
 */
export function selectParamsFiles(given?: readonly string[], courtFile?: string): ParamsSelection {
  if (given === undefined || given.length === 0) return { files: [DEFAULT_SHOOTER_PARAMS, courtFile ?? DEFAULT_COURT_PARAMS], origin: "shipped" };
  if (given.includes(NO_PARAMS_FILE)) {
    if (given.length > 1) throw new Error(`--params-file ${NO_PARAMS_FILE} (the schema defaults) takes no other file beside it, got ${given.join(", ")}`);
    return { files: [], origin: "none" };
  }
  for (const file of given) if (file.trim() === "") throw new Error(`--params-file needs a file name (or ${NO_PARAMS_FILE}), got an empty one`);
  return { files: [...given], origin: "given" };
}

/** One line on where the parameters came from, for a command's output. */
export function describeParamsSelection(selection: ParamsSelection): string {
  switch (selection.origin) {
    case "shipped":
      return `${selection.files.join(", ")} (the package's params files, as the launch file passes them)`;
    case "given":
      return `${selection.files.join(", ")} (--params-file; keys absent from them take the schema default)`;
    case "none":
      return `no params file (--params-file ${NO_PARAMS_FILE}): the schema defaults, which describe no robot in particular`;
    default: {
      const unknown: never = selection.origin;
      throw new Error(`unknown params origin ${String(unknown)}`);
    }
  }
}
