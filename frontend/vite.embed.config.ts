import { resolve } from "node:path";
import { defineConfig } from "vite";

// The XBlock's copy of the protocol client: one IIFE file, global `IbalChat`, written into the
// XBlock's static assets (IBAL_EMBED_OUT_DIR overrides, for a wheel built from a copy).
const outDir =
  process.env.IBAL_EMBED_OUT_DIR ??
  resolve(import.meta.dirname, "../xblock/ibal_xblock/static/js/build");

export default defineConfig({
  build: {
    target: "es2020",
    sourcemap: false,
    outDir,
    emptyOutDir: false,
    copyPublicDir: false,
    lib: {
      entry: resolve(import.meta.dirname, "src/embed/index.ts"),
      name: "IbalChat",
      formats: ["iife"],
      fileName: () => "ibal-chat.js",
    },
  },
});
