/**
 * `npm test`. ts-jest only transpiles, file by file (tsconfig.json sets `isolatedModules`): the
 * type-check is `npm run typecheck`, which CI (.ci/run) runs before the tests; ts-jest type-checking
 * every test file again took about a third of the run. `isolatedModules` in tsconfig.json also makes
 * that type-check refuse whatever a file-by-file transpile would get wrong.
 * Two workers: jest's default on 2 cores is one (cores - 1), i.e. the whole suite in one process.
 * test/setupEnv.ts makes every in-process graph freeze the messages published on it.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
  },
  setupFiles: ["<rootDir>/test/setupEnv.ts"],
  testTimeout: 60000,
  maxWorkers: 2,
};
