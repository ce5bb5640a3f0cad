import * as path from "node:path";

/** The package's root folder (dist/.. or src/..: both sit beside params/). */
export const PACKAGE_ROOT = path.resolve(__dirname, "..");
/** params/shooter.yaml: the three nodes' parameters. */
export const DEFAULT_SHOOTER_PARAMS = path.join(PACKAGE_ROOT, "params", "shooter.yaml");
/** params/court_abu2025.yaml: the court map (target_estimation). */
export const DEFAULT_COURT_PARAMS = path.join(PACKAGE_ROOT, "params", "court_abu2025.yaml");
/** What launch/shooter.launch.py passes, in --params-file order. */
export const DEFAULT_PARAMS_FILES: readonly string[] = [DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS];
