/** The keeper as a library: for tests, replays, and embedding in another process. */
export { createKeeperClients, createReadClient, type KeeperClients } from "./chain/clients.ts";
export { isNotFound } from "./chain/errors.ts";
export { type Advance, type BlockHeader, ChainFollower } from "./chain/follower.ts";
export { ConfigError, DEFAULTS, type KeeperConfig, loadConfig } from "./config.ts";
export { Keeper, type PassReport } from "./keeper.ts";
export { readManifest, startKeeper } from "./main.ts";
export { type HealthReport, serveHttp } from "./observe/http.ts";
export { createLogger, type Logger } from "./observe/log.ts";
export { createMetrics, type KeeperMetrics } from "./observe/metrics.ts";
export { shutdownSignal } from "./observe/shutdown.ts";
