import type * as MathJs from "mathjs";

let loaded: typeof MathJs | undefined;

/**
 * mathjs, loaded on the first call rather than at import: loading it builds its whole function
 * table (about 0.5 s on the 2-core bench machine, most of a CLI process's start-up), and only
 * the calibration fit and the goodness-of-fit p-value use it, so replay, sim and the ROS nodes
 * no longer pay for it (docs/performance.md).
 */
export function mathjs(): typeof MathJs {
  // A static import would load it with every module that imports this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require("mathjs") as typeof MathJs;
  return loaded;
}
