import { describe, expect, it } from "vitest";
import { nodeIsRecentEnough } from "./doctor.ts";

describe("doctor's Node.js check", () => {
  it("wants 20.19 or newer", () => {
    expect(nodeIsRecentEnough("20.18.3")).toBe(false);
    expect(nodeIsRecentEnough("18.20.0")).toBe(false);
    expect(nodeIsRecentEnough("20.19.0")).toBe(true);
    expect(nodeIsRecentEnough("20.20.2")).toBe(true);
    expect(nodeIsRecentEnough("22.1.0")).toBe(true);
  });
});
