import { readFileSync } from "node:fs";
import type { KeelDeployment } from "@keel/sdk";
import { type Address, getAddress, isAddress } from "viem";
import { parse as parseYaml } from "yaml";
import { type ChannelConfig, type Rule, type RulesFile, rulesFileSchema, seconds } from "./schema.ts";

/** A rules file that cannot run, with every problem named by its place in the file. */
export class RulesError extends Error {
  override name = "RulesError";
}

/** A reserve a rule names, resolved to its pool and index. */
export type ReserveRef = { poolId: bigint; index: number; symbol: string };

/** A rule with its names resolved against the deployment and the file's defaults applied. */
export type ResolvedRule = Rule & {
  accounts: Address[];
  pools: bigint[];
  vaults: bigint[];
  owners: Address[];
  /** Token symbols as the manifest spells them. */
  assets: string[];
  reserves: ReserveRef[];
  protocol: boolean;
  cooldownSeconds: number;
  confirmations: number;
  finality: "wait" | "early";
};

export type Rules = { rules: ResolvedRule[]; channels: Record<string, ChannelConfig> };

/** What each condition reads from `watch`; a rule must give at least one of them. */
const NEEDS: Record<Rule["condition"]["type"], (keyof Rule["watch"])[]> = {
  healthFactor: ["accounts"],
  vaultRatio: ["vaults", "owners", "protocol"],
  priceDrop: ["assets"],
  depeg: ["assets"],
  rateSwing: ["reserves", "protocol"],
  utilization: ["reserves", "protocol"],
  auctionStarted: ["vaults", "owners", "protocol"],
  liquidated: ["accounts", "protocol"],
  policyExecuted: ["accounts", "protocol"],
  governance: ["accounts", "vaults", "owners", "protocol"],
};

const ALIASES: Record<string, string> = { ETH: "WETH", BTC: "WBTC" };

/** Reads a rules file (YAML, or JSON, which is YAML too) and resolves it against `deployment`. */
export function loadRules(file: string, deployment: KeelDeployment, env: NodeJS.ProcessEnv = process.env): Rules {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RulesError(`Cannot read the rules file ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new RulesError(`The rules file ${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  return resolveRules(raw, deployment, env, file);
}

/** Validates a parsed rules document and resolves every name in it; throws RulesError listing every problem. */
export function resolveRules(raw: unknown, deployment: KeelDeployment, env: NodeJS.ProcessEnv, file = "rules"): Rules {
  const parsed = rulesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${where(issue.path)}: ${issue.message}`);
    throw new RulesError(`${file} is not a valid rules file:\n${problems.join("\n")}`);
  }
  const doc: RulesFile = parsed.data;
  const problems: string[] = [];
  const ids = new Set<string>();
  const rules = doc.rules.map((rule, i) => {
    const at = `rules[${i}] (${rule.id})`;
    if (ids.has(rule.id)) problems.push(`${at}: the id ${rule.id} is used twice`);
    ids.add(rule.id);
    for (const name of rule.channels) {
      if (doc.channels[name] === undefined)
        problems.push(
          `${at}.channels: no channel named "${name}" (the file has: ${Object.keys(doc.channels).join(", ") || "none"})`,
        );
    }
    const needs = NEEDS[rule.condition.type];
    if (!needs.some((field) => rule.watch[field] !== undefined))
      problems.push(`${at}.watch: a ${rule.condition.type} rule needs ${needs.join(" or ")}`);
    return resolveRule(rule, doc, deployment, (message) => problems.push(`${at}.${message}`));
  });
  for (const [name, channel] of Object.entries(doc.channels)) {
    for (const variable of secretsOf(channel)) {
      if (!env[variable]) problems.push(`channels.${name}: the environment variable ${variable} is not set`);
    }
    if (
      (channel.type === "slack" || channel.type === "discord") &&
      (channel.url === undefined) === (channel.urlEnv === undefined)
    )
      problems.push(`channels.${name}: give url or urlEnv, one of them`);
  }
  if (problems.length > 0) throw new RulesError(`${file} cannot run:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return { rules, channels: doc.channels };
}

function resolveRule(
  rule: Rule,
  doc: RulesFile,
  deployment: KeelDeployment,
  problem: (m: string) => void,
): ResolvedRule {
  const address = (text: string, field: string) => {
    if (isAddress(text)) return getAddress(text);
    const labelled = deployment.accounts.find((a) => a.label === text);
    if (labelled) return labelled.address;
    problem(`watch.${field}: "${text}" is neither an address nor an account label of the manifest`);
    return "0x0000000000000000000000000000000000000000" as Address;
  };
  const symbol = (text: string, field: string) => {
    const wanted = (ALIASES[text.toUpperCase()] ?? text).toLowerCase();
    const found = Object.keys(deployment.tokens).find((s) => s.toLowerCase() === wanted);
    if (found === undefined)
      problem(`watch.${field}: no token "${text}" (known: ${Object.keys(deployment.tokens).join(", ")})`);
    return found ?? text;
  };
  const poolIds = deployment.pools.map((p) => BigInt(p.id));
  const pools = (rule.watch.pools ?? poolIds.map(Number)).map((id) => {
    if (!poolIds.includes(BigInt(id))) problem(`watch.pools: no pool ${id}`);
    return BigInt(id);
  });
  const reserves = (rule.watch.reserves ?? []).map((text) => {
    const [poolText, name] = text.split(":");
    const pool = deployment.pools.find((p) => p.id === poolText);
    const wanted = symbol(name, "reserves");
    const reserve = pool?.reserves.find((r) => r.symbol === wanted);
    if (!pool || !reserve) problem(`watch.reserves: pool ${poolText} has no ${name} reserve`);
    return { poolId: BigInt(poolText), index: reserve?.index ?? 0, symbol: wanted };
  });
  if (rule.watch.protocol && reserves.length === 0) {
    for (const pool of deployment.pools)
      for (const r of pool.reserves) reserves.push({ poolId: BigInt(pool.id), index: r.index, symbol: r.symbol });
  }
  const vaultRule = ["vaultRatio", "auctionStarted"].includes(rule.condition.type);
  if ((vaultRule || rule.watch.vaults || rule.watch.owners) && deployment.cdp === undefined)
    problem("watch: the deployment has no kUSD engine, so there are no vaults to watch");
  if (rule.condition.type === "policyExecuted" && deployment.periphery === undefined)
    problem("condition: the deployment has no protection-policy contract");
  if (rule.condition.type === "governance" && deployment.contracts.timelock === undefined)
    problem("condition: the deployment names no timelock (contracts.timelock), so no operation can be queued");
  const ratio = rule.condition.type === "vaultRatio" ? rule.condition : undefined;
  if (ratio && (ratio.below === undefined) === (ratio.minimumMargin === undefined))
    problem("condition: a vaultRatio rule gives below or minimumMargin, one of them");
  const depeg = rule.condition.type === "depeg" ? rule.condition : undefined;
  if (depeg && (depeg.outflowPercent === undefined) !== (depeg.window === undefined))
    problem("condition: outflowPercent and window go together");
  return {
    ...rule,
    accounts: (rule.watch.accounts ?? []).map((a) => address(a, "accounts")),
    pools,
    vaults: (rule.watch.vaults ?? []).map(BigInt),
    owners: (rule.watch.owners ?? []).map((a) => address(a, "owners")),
    assets: (rule.watch.assets ?? []).map((s) => symbol(s, "assets")),
    reserves,
    protocol: rule.watch.protocol === true,
    cooldownSeconds: seconds(rule.cooldown ?? doc.defaults?.cooldown ?? "10m"),
    confirmations: rule.confirmations ?? doc.defaults?.confirmations ?? 0,
    finality: rule.finality ?? doc.defaults?.finality ?? "wait",
  };
}

/** The environment variables a channel reads its secrets from. */
export function secretsOf(channel: ChannelConfig): string[] {
  switch (channel.type) {
    case "webhook":
      return [channel.secretEnv];
    case "slack":
    case "discord":
      return channel.urlEnv ? [channel.urlEnv] : [];
    case "telegram":
      return [channel.tokenEnv];
    case "email":
      return [channel.userEnv, channel.passwordEnv].filter((v): v is string => v !== undefined);
    case "stdout":
      return [];
  }
}

function where(path: PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}
