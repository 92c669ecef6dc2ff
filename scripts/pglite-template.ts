// Makes the empty PGlite cluster a fresh data directory starts from (src/store/pglite-template.ts).
// Runs after `npm install` and before `npm start`; does nothing when it is there already.
import { ensureTemplate } from "../src/store/pglite-template.ts";

try {
  await ensureTemplate();
} catch (e) {
  // Not fatal: without it a first start runs initdb, as it always could.
  console.warn(
    `mogura: no PGlite template (${(e as Error).message}); the first start will take longer`,
  );
}
