import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// The SDK is resolved from its sources (the "keel-source" export condition), as every other workspace
// reads it, so the app never runs an SDK build older than the code beside it.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["keel-source", ...defaultClientConditions] },
  build: { target: "es2022", sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, strictPort: true },
});
