import { type CdpVault, cdpEngineAbi } from "@keel/sdk";
import { type Address, decodeEventLog, isAddressEqual, type Log } from "viem";

/**
 * The kUSD vaults and auctions the keeper follows, from the engine's events: any event naming a vault
 * marks it stale (re-read at the next head); StartAuction and Settle open an auction, EndAuction closes
 * it. A vault left without debt is forgotten; an auction stays followed until it ends.
 */
export class VaultBook {
  private readonly vaults = new Map<bigint, CdpVault>();
  private readonly staleVaults = new Set<bigint>();
  private readonly auctions = new Set<bigint>();

  private readonly engine: Address;

  constructor(engine: Address) {
    this.engine = engine;
  }

  get size(): number {
    return this.vaults.size;
  }

  applyLogs(logs: readonly Log[]): void {
    for (const log of logs) {
      const touched = touchedVault(log, this.engine);
      if (touched === undefined) continue;
      this.staleVaults.add(touched.vaultId);
      if (touched.event === "StartAuction" || touched.event === "Settle") this.auctions.add(touched.vaultId);
      if (touched.event === "EndAuction") this.auctions.delete(touched.vaultId);
    }
  }

  markStale(vaultId: bigint): void {
    this.staleVaults.add(vaultId);
  }

  markAllStale(): void {
    for (const id of this.vaults.keys()) this.staleVaults.add(id);
  }

  /** Auctions are re-read at every head anyway; after a reorg any of them may have ended or begun. */
  takeStale(): bigint[] {
    const out = [...this.staleVaults];
    this.staleVaults.clear();
    return out;
  }

  store(vaultId: bigint, vault: CdpVault): void {
    if (vault.normalizedDebt === 0n) this.vaults.delete(vaultId);
    else this.vaults.set(vaultId, vault);
  }

  /** Followed vaults with debt, with their ids. */
  withDebt(): { id: bigint; vault: CdpVault }[] {
    return [...this.vaults].map(([id, vault]) => ({ id, vault }));
  }

  auctionIds(): bigint[] {
    return [...this.auctions];
  }

  /** An auction found to be over when read (ended in a block whose log the keeper has not seen, e.g. after a reorg). */
  forgetAuction(vaultId: bigint): void {
    this.auctions.delete(vaultId);
  }

  /** After a reorg, re-learn which auctions run: the ids may have changed either way. */
  rememberAuction(vaultId: bigint): void {
    this.auctions.add(vaultId);
  }
}

/** The vault a log of `engine` names, and the event's name. */
export function touchedVault(log: Log, engine: Address): { vaultId: bigint; event: string } | undefined {
  if (!isAddressEqual(log.address, engine)) return undefined;
  try {
    const decoded = decodeEventLog({ abi: cdpEngineAbi, data: log.data, topics: log.topics });
    const { vaultId } = decoded.args as { vaultId?: bigint };
    return vaultId === undefined ? undefined : { vaultId, event: decoded.eventName };
  } catch {
    return undefined;
  }
}
