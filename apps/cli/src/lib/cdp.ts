import {
  CdpRevertError,
  cdpEngineAbi,
  explainCdpRevert,
  getVault,
  type KeelDeployment,
  type KeelErrorContext,
  type VaultInfo,
} from "@keel/sdk";
import type { Address } from "viem";
import type { KeelContext } from "./context.ts";
import { UsageError } from "./errors.ts";

/** The manifest's kUSD section. */
export type CdpDeployment = NonNullable<KeelDeployment["cdp"]>;

/** kUSD has 18 decimals, like the engine's books. */
export const KUSD = { symbol: "kUSD", decimals: 18 } as const;

/**
 * "max" amounts that fees or a decaying auction price can change are computed this many seconds ahead,
 * so the time before the transaction is mined cannot make them fail.
 */
export const CDP_SAFETY_SECONDS = 60n;

/** A collateral type as people name it: its manifest entry and its token. */
export type NamedCollateralType = { id: bigint; name: string; symbol: string; token: Address; decimals: number };

/** Common names for wrapped assets, so `--type ETH` finds WETH. */
const ALIASES: Record<string, string> = { ETH: "WETH", BTC: "WBTC" };

/** The deployment's kUSD engine, or a sentence saying it has none. */
export function requireCdp(context: KeelContext): CdpDeployment {
  const cdp = context.deployment.cdp;
  if (!cdp) {
    throw new UsageError(
      `The deployment in ${context.manifestPath} has no kUSD engine (no "cdp" section); use a deployment that includes it.`,
    );
  }
  return cdp;
}

/** Every collateral type the manifest lists, with its token's address and decimals. */
export function collateralTypes(context: KeelContext): NamedCollateralType[] {
  return requireCdp(context).collateralTypes.map((type) => {
    const token = context.deployment.tokens[type.symbol];
    if (!token) throw new UsageError(`The manifest lists collateral ${type.symbol} but not its token.`);
    return {
      id: BigInt(type.id),
      name: type.name,
      symbol: type.symbol,
      token: token.address,
      decimals: token.decimals,
    };
  });
}

/** Finds a collateral type by id, symbol (ETH finds WETH), name or token address. */
export function findCollateralType(context: KeelContext, text: string): NamedCollateralType {
  const types = collateralTypes(context);
  const wanted = text.trim();
  const upper = ALIASES[wanted.toUpperCase()] ?? wanted.toUpperCase();
  const found = types.find(
    (t) =>
      t.id.toString() === wanted ||
      t.symbol.toUpperCase() === upper ||
      t.name.toUpperCase() === wanted.toUpperCase() ||
      t.token.toLowerCase() === wanted.toLowerCase(),
  );
  if (!found) {
    const listed = types.map((t) => `${t.id} (${t.symbol})`).join(", ");
    throw new UsageError(`No collateral type "${text}". The engine lists: ${listed}.`);
  }
  return found;
}

/** The collateral type of a type id read from the chain. */
export function collateralTypeById(context: KeelContext, id: bigint | number): NamedCollateralType {
  return findCollateralType(context, id.toString());
}

/** Parses a vault id (a positive integer; vault 0 never exists). */
export function parseVaultId(text: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n)
    throw new UsageError(`Vault "${text}" is not a vault id; run \`keel vault show\` to list yours.`);
  return BigInt(text.trim());
}

/** A vault as the SDK reads it; an id the engine never issued is input to fix (exit code 2), not a failure. */
export async function readVault(context: KeelContext, engine: Address, vaultId: bigint): Promise<VaultInfo> {
  try {
    return await getVault(context.publicClient, { engine, vaultId });
  } catch (error) {
    // The first error stands when the count cannot be read either (a node that does not answer).
    const count = await context.publicClient
      .readContract({ address: engine, abi: cdpEngineAbi, functionName: "vaultCount" })
      .catch(() => undefined);
    if (count !== undefined && vaultId > count)
      throw new UsageError(`Vault ${vaultId} does not exist: the engine has opened ${count} so far.`);
    throw error;
  }
}

/** A peg module by its stablecoin's symbol (default: the first one listed). */
export function findPegModule(context: KeelContext, gem?: string): { address: Address; gem: string } {
  const modules = requireCdp(context).pegModules;
  const found = gem ? modules.find((m) => m.gem.toUpperCase() === gem.trim().toUpperCase()) : modules[0];
  if (!found) {
    const listed = modules.map((m) => m.gem).join(", ") || "none";
    throw new UsageError(`No peg stability module for "${gem ?? ""}". The deployment lists: ${listed}.`);
  }
  return found;
}

/** The SDK's sentence for a revert its math predicts, in the collateral's own terms, as a UsageError. */
export function explainPredicted(error: unknown, collateral?: { symbol: string; decimals: number }): never {
  if (error instanceof CdpRevertError) {
    const context: KeelErrorContext = collateral ? { collateral, token: collateral } : {};
    throw new UsageError(explainCdpRevert(error, context));
  }
  throw error;
}
