import { type Logger, pino } from "pino";
import type { KeeperConfig } from "../config.ts";

export type { Logger };

/**
 * Structured logs: one JSON object a line on stdout (for a log shipper), or coloured lines for a
 * terminal through pino-pretty. Bigints are written as decimal strings.
 */
export function createLogger(config: Pick<KeeperConfig, "log">, service = "keel-keeper"): Logger {
  const options = {
    level: config.log.level,
    base: { service },
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger["info"]>, method: Logger["info"]) {
        method.apply(this, args.map(stringifyBigints) as Parameters<Logger["info"]>);
      },
    },
  };
  if (config.log.format === "pretty") {
    return pino(
      options,
      pino.transport({ target: "pino-pretty", options: { ignore: "pid,hostname,service", translateTime: "HH:MM:ss" } }),
    );
  }
  return pino(options);
}

/** pino cannot serialize bigint: render every one, however deep, as its decimal string. */
function stringifyBigints(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(stringifyBigints);
  if (value !== null && typeof value === "object" && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, stringifyBigints(inner)]));
  }
  return value;
}
