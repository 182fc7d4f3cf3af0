import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";
import { loadServerConfig, publicConfig } from "./server/config.ts";

/** `vite` (the dev server) answers /config.json as the app's server does, from the same flags' variables. */
function devConfig(): Plugin {
  const defaults = {
    manifest: fileURLToPath(new URL("../../deployments/devnet.json", import.meta.url)),
    dist: fileURLToPath(new URL("./dist", import.meta.url)),
  };
  return {
    name: "keel-dev-config",
    configureServer(server) {
      server.middlewares.use("/config.json", async (_request, response) => {
        try {
          const { config, deployment } = await loadServerConfig([], process.env, defaults);
          response.setHeader("Content-Type", "application/json");
          response.end(JSON.stringify(publicConfig(config, deployment)));
        } catch (error) {
          response.statusCode = 500;
          response.end(JSON.stringify({ error: (error as Error).message }));
        }
      });
    },
  };
}

// The SDK is resolved from its sources (the "keel-source" export condition), as every other workspace
// reads it, so the app never runs an SDK build older than the code beside it.
export default defineConfig({
  plugins: [react(), devConfig()],
  resolve: { conditions: ["keel-source", ...defaultClientConditions] },
  // The manifest lets the budget check (scripts/budget.ts) follow what the first page loads.
  build: { target: "es2022", sourcemap: true, manifest: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, strictPort: true },
});
