import { ESLint, type Linter } from "eslint";
import * as path from "node:path";

// eslint.layers.cjs is the rule `npm run lint` runs on src/ (eslint.config.mjs takes it from there).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { layerBoundaries } = require("../../eslint.layers.cjs") as { layerBoundaries: Linter.Config };

const root = path.resolve(__dirname, "..", "..");

/** The rule's messages for one probe file: `code` as if it were `file` (no file is written). */
async function lintProbe(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [{ ...layerBoundaries, languageOptions: { sourceType: "module" } }] });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? "parser"}: ${m.message}`);
}

describe("the import-boundaries rule (eslint.layers.cjs)", () => {
  it.each([
    { from: "src/core/probe.ts", imports: "../runtime/qos", name: "QoS", refused: "core", to: "runtime" },
    { from: "src/core/probe.ts", imports: "../nodes/launcher_control", name: "launcherControl", refused: "core", to: "nodes" },
    { from: "src/runtime/probe.ts", imports: "../bags/readBagMessages", name: "readBagMessages", refused: "runtime", to: "bags" },
    { from: "src/bench/probe.ts", imports: "../cli/table", name: "tableCommand", refused: "bench", to: "cli" },
    { from: "src/nodes/probe.ts", imports: "../sim/runScenario", name: "runScenario", refused: "nodes", to: "sim" },
  ])("refuses $refused -> $to ($imports)", async ({ from, imports, name, refused, to }) => {
    const messages = await lintProbe(from, `import { ${name} } from "${imports}";\nexport const probe = ${name};\n`);
    expect(messages).toEqual([`boundaries/dependencies: There is no policy allowing dependencies from elements of type "${refused}" to elements of type "${to}"`]);
  });

  it.each([
    { from: "src/nodes/probe.ts", imports: "../core/indexed", name: "at" },
    { from: "src/cli/probe.ts", imports: "../bench/figure", name: "median" },
    { from: "src/runtime/probe.ts", imports: "../core/parameters/schema", name: "resolveParameters" },
    { from: "src/core/estimation/probe.ts", imports: "node:path", name: "join" },
  ])("allows $from -> $imports", async ({ from, imports, name }) => {
    expect(await lintProbe(from, `import { ${name} } from "${imports}";\nexport const probe = ${name};\n`)).toEqual([]);
  });

  it("refuses a file of src/ outside every layer", async () => {
    expect(await lintProbe("src/stray.ts", "export const probe = 1;\n")).toEqual([
      "boundaries/no-unknown-files: File does not match any file pattern and does not belong to any known element",
    ]);
  });
});
