/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // e2e suites drive the real Pulumi CLI; they set their own, longer timeouts.
  testTimeout: 30000,
  maxWorkers: 2,
};
