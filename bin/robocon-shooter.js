#!/usr/bin/env node
// Runs the compiled CLI; compiles it first when a fresh clone has not been built yet.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const root = path.join(__dirname, "..");
const entry = path.join(root, "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  const { execFileSync } = require("node:child_process");
  process.stderr.write("robocon-shooter: first run, compiling TypeScript (npm run build)...\n");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
}
require(entry)
  .main(process.argv.slice(2))
  .catch((error) => {
    process.stderr.write(`robocon-shooter: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
