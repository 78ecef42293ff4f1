import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// During `npm run dev` the backend is a local gateway (make run); the built app finds it through /config.json.
const gateway = process.env.IBAL_GATEWAY ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": gateway,
      "/config.json": gateway,
      // The WebSocket API's stage (template.yaml StageName).
      "/prod": { target: gateway.replace(/^http/, "ws"), ws: true },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    restoreMocks: true,
  },
});
