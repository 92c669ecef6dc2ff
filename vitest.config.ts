import { defineConfig } from "vitest/config";

// CI sums the JSON reports of the PGlite and PostgreSQL runs into one closing line.
const jsonReport = process.env.MOGURA_TEST_REPORT;

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: jsonReport ? ["default", ["json", { outputFile: jsonReport }]] : ["default"],
  },
});
