#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per file, and the
// inclusive time of the functions named on the command line after --inclusive.
// With --under NAME, only the samples whose stack holds the function NAME (e.g. runReplay) count.
// Usage: node scripts/cpuprofile-summary.js PROFILE.cpuprofile [--top N] [--under NAME] [--inclusive NAME ...]
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// A reader that stops early (| head) closes the pipe: not an error of this script.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
if (args.length === 0 || args.includes("--help")) {
  process.stdout.write("usage: node scripts/cpuprofile-summary.js PROFILE.cpuprofile [--top N] [--under NAME] [--inclusive NAME ...]\n");
  process.exit(args.length === 0 ? 1 : 0);
}
const file = args[0];
const topIndex = args.indexOf("--top");
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 15;
const underIndex = args.indexOf("--under");
const under = underIndex >= 0 ? args[underIndex + 1] : undefined;
const inclusiveIndex = args.indexOf("--inclusive");
const inclusiveNames = inclusiveIndex >= 0 ? args.slice(inclusiveIndex + 1) : [];

const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const stackHolds = (id, name) => {
  for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === name) return true;
  return false;
};

// Self time per node: each sample's delta belongs to the node sampled (timeDeltas[i] precedes samples[i]).
const selfUs = new Map();
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i] ?? 0;
  if (under !== undefined && !stackHolds(profile.samples[i], under)) continue;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
  totalUs += delta;
}

const root = process.cwd();
const where = (frame) => (frame.url === "" ? "(native)" : path.relative(root, frame.url.replace(/^file:\/\//, "")) || frame.url);
const functionKey = (frame) => `${frame.functionName || "(anonymous)"}  ${where(frame)}:${frame.lineNumber + 1}`;

const perFunction = new Map();
const perFile = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  perFunction.set(functionKey(frame), (perFunction.get(functionKey(frame)) ?? 0) + us);
  perFile.set(where(frame), (perFile.get(where(frame)) ?? 0) + us);
}

// Inclusive time of a named function: samples whose stack holds it (counted once per sample).
const inclusiveUs = new Map(inclusiveNames.map((name) => [name, 0]));
if (inclusiveNames.length > 0) {
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName;
      if (inclusiveUs.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusiveUs.set(name, inclusiveUs.get(name) + (profile.timeDeltas[i] ?? 0));
      }
    }
  }
}

const ms = (us) => (us / 1000).toFixed(1).padStart(8);
const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
const table = (title, entries) => {
  const lines = [`${title}`, ...entries.slice(0, top).map(([key, us]) => `${ms(us)} ms ${pct(us)}  ${key}`)];
  return `${lines.join("\n")}\n\n`;
};
const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
process.stdout.write(`${file}: ${(totalUs / 1000).toFixed(1)} ms sampled${under === undefined ? "" : ` under ${under}`}, ${profile.samples.length} samples in all\n\n`);
process.stdout.write(table(`top ${top} functions by self time`, sorted(perFunction)));
process.stdout.write(table(`top ${top} files by self time`, sorted(perFile)));
if (inclusiveNames.length > 0) process.stdout.write(table("inclusive time", sorted(inclusiveUs)));
