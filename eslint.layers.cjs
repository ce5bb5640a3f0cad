// The import-boundaries rule of src/ (eslint-plugin-boundaries), in its own file so that a test
// (test/packaging/layerBoundaries.test.ts) can lint probe imports with exactly this rule.
const boundaries = require("eslint-plugin-boundaries");

/**
 * The layers of src/, lowest first (docs/architecture.md draws them). A layer may import its own
 * files and the layers listed for it; an import that runs back up fails lint.
 */
const LAYERS = [
  { type: "package", pattern: "src/package/**", mayImport: [] },
  { type: "core", pattern: "src/core/**", mayImport: [] },
  { type: "msgs", pattern: "src/msgs/**", mayImport: [] },
  { type: "runtime", pattern: "src/runtime/**", mayImport: ["core", "msgs"] },
  { type: "bags", pattern: "src/bags/**", mayImport: ["core", "msgs", "runtime"] },
  { type: "nodes", pattern: "src/nodes/**", mayImport: ["core", "msgs", "runtime"] },
  { type: "plot", pattern: "src/plot/**", mayImport: ["core"] },
  { type: "launcher", pattern: "src/launcher/**", mayImport: ["package", "core", "runtime", "nodes"] },
  { type: "sim", pattern: "src/sim/**", mayImport: ["package", "core", "msgs", "runtime", "bags", "nodes", "plot", "launcher"] },
  { type: "replay", pattern: "src/replay/**", mayImport: ["package", "core", "msgs", "runtime", "bags", "nodes"] },
  { type: "demo", pattern: "src/demo/**", mayImport: ["package", "core", "msgs", "runtime", "nodes"] },
  { type: "docs", pattern: "src/docs/**", mayImport: ["package", "core", "runtime", "nodes"] },
  { type: "bench", pattern: "src/bench/**", mayImport: ["package", "core", "msgs", "runtime", "bags", "nodes", "plot", "launcher", "sim", "replay"] },
  { type: "ros", pattern: "src/ros/**", mayImport: ["core", "msgs", "runtime", "nodes", "sim"] },
  { type: "cli", pattern: "src/cli/**", mayImport: ["package", "core", "msgs", "runtime", "bags", "nodes", "plot", "launcher", "sim", "replay", "demo", "docs", "bench", "ros"] },
];

/** The flat-config block: every file of src/ in a layer, every import allowed by its layer's list. */
const layerBoundaries = {
  files: ["src/**/*.ts"],
  plugins: { boundaries },
  settings: {
    "boundaries/elements": LAYERS.map(({ type, pattern }) => ({ type, pattern, partialMatch: false })),
    "import/resolver": { typescript: { project: "tsconfig.json" } },
  },
  rules: {
    // A file in src/ outside every layer would escape the rule below.
    "boundaries/no-unknown-files": "error",
    "boundaries/dependencies": [
      "error",
      {
        default: "disallow",
        policies: [
          { allow: { to: { module: { origin: ["external", "core"] } } } },
          ...LAYERS.map(({ type, mayImport }) => ({ from: { element: { type } }, allow: { to: { element: { types: { anyOf: [type, ...mayImport] } } } } })),
        ],
      },
    ],
  },
};

module.exports = { LAYERS, layerBoundaries };
