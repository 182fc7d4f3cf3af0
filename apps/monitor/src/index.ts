/** The monitor as a library: for tests, and for embedding in another process. */
export { type Channel, createChannel, signWebhook, webhookBody } from "./channels/channels.ts";
export { plainText } from "./channels/text.ts";
export { ConfigError, loadConfig, type MonitorConfig } from "./config.ts";
export type { Alert, Phase } from "./engine/types.ts";
export { readManifest, startMonitor } from "./main.ts";
export { loadRules, RulesError, resolveRules } from "./rules/load.ts";
export { rulesJsonSchema } from "./rules/schema.ts";
