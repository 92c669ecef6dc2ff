import { defineConfig } from "vitest/config";

// CI sums the JSON reports of the PGlite and PostgreSQL runs into one closing line.
const jsonReport = process.env.MOGURA_TEST_REPORT;
const slowdownAsked = Math.max(1, Number(process.env.MOGURA_TEST_SLOWDOWN ?? 1) || 1);

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Generous: a test that passes never waits for these, and a busy machine (another suite,
    // a build) makes starting servers slow. MOGURA_TEST_SLOWDOWN stretches them further.
    testTimeout: 120_000 * slowdownAsked,
    hookTimeout: 120_000 * slowdownAsked,
    pool: "forks",
    reporters: jsonReport ? ["default", ["json", { outputFile: jsonReport }]] : ["default"],
  },
});
