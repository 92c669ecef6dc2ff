import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// The analyst UI: built into web/dist, served by the Mogura server (src/server/web-ui.ts).
// No inline scripts (the server's CSP allows only 'self'), no external resources.
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // Served by the server from web/dist/assets at /assets/ (src/server/web-ui.ts).
    assetsDir: "assets",
    // A module preload polyfill would be an inline script: modern browsers do not need it.
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
