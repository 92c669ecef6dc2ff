import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, generateApiTypes } from "../scripts/gen-api-types.ts";

describe("the UI's API types", () => {
  it("web/src/api-types.gen.ts is generated from today's OpenAPI document", async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(API_TYPES_FILE, "utf8");
    if (committed !== fresh) {
      expect.fail("web/src/api-types.gen.ts is stale: run npm run gen:api-types");
    }
  }, 60_000);
});
