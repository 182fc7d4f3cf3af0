// A rule in plain words: what it watches, when it fires, how loud, and where the alert goes.
import type { KeelDeployment } from "@keel/sdk";
import type { NewRule, UserChannel } from "./api.ts";

const WINDOWS: Record<string, string> = {
  "15m": "15 minutes",
  "1h": "hour",
  "6h": "6 hours",
  "1d": "day",
};

export function windowWords(window: string): string {
  if (WINDOWS[window]) return WINDOWS[window];
  const n = Number(window.slice(0, -1));
  const unit = { s: "second", m: "minute", h: "hour", d: "day" }[window.at(-1) ?? "s"] ?? "second";
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

const number = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 4 });

function poolsWords(pools: number[] | undefined, deployment: KeelDeployment): string {
  if (pools === undefined) return "any pool";
  const names = pools.map((id) => deployment.pools.find((p) => Number(p.id) === id)?.name ?? `pool ${id}`);
  return names.join(" or ");
}

export function channelWords(channel: UserChannel): string {
  if (channel.type === "stdout") return "the monitor's own log";
  try {
    const url = new URL(channel.url);
    return `the webhook at ${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return `the webhook at ${channel.url}`;
  }
}

/** "When your health factor in Main falls below 1.2, send a critical alert to the monitor's own log." */
export function ruleSummary(rule: NewRule, deployment: KeelDeployment): string {
  const c = rule.condition;
  let when: string;
  switch (c.type) {
    case "healthFactor":
      when = `When your health factor in ${poolsWords(rule.pools, deployment)} falls below ${number(c.below)}`;
      break;
    case "vaultRatio":
      when =
        c.below !== undefined
          ? `When a kUSD vault of yours has a collateral ratio below ${number(c.below * 100)}%`
          : `When a kUSD vault of yours comes within ${number((c.minimumMargin ?? 0) * 100)} points of its minimum ratio`;
      break;
    case "priceDrop":
      when = `When the price of ${(rule.assets ?? []).join(" or ")} is ${number(c.percent)}% below its highest of the last ${windowWords(c.window)}`;
      break;
    case "liquidated":
      when = "When your account is liquidated";
      break;
    case "auctionStarted":
      when = "When a kUSD vault of yours is sent to auction";
      break;
  }
  const article = rule.severity === "info" ? "an" : "a";
  return `${when}, send ${article} ${rule.severity} alert to ${channelWords(rule.channel)}.`;
}
