import type { Logger } from "./log.ts";

/**
 * A service's one shutdown path: SIGINT or SIGTERM aborts the returned signal (once, logged), and
 * everything the service runs stops on it.
 */
export function shutdownSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  const stop = (signal: string) => {
    log.info({ signal }, "stopping");
    controller.abort();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return controller.signal;
}
