/** The keeper as a library: for tests, replays, and embedding in another process. */
export { createKeeperClients, type KeeperClients } from "./chain/clients.ts";
export { ConfigError, DEFAULTS, type KeeperConfig, loadConfig } from "./config.ts";
export { Keeper, type PassReport } from "./keeper.ts";
export { readManifest, startKeeper } from "./main.ts";
export { createLogger } from "./observe/log.ts";
export { createMetrics, type KeeperMetrics } from "./observe/metrics.ts";
