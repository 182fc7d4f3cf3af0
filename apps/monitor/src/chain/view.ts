import {
  type AccountSnapshot,
  cdpEngineAbi,
  getAccountSnapshot,
  getPoolSnapshot,
  getPsm,
  getVault,
  iAggregatorV3Abi,
  type KeelDeployment,
  type PoolSnapshot,
  type PsmInfo,
  readOraclePrices,
  type VaultInfo,
} from "@keel/sdk";
import type { Address, Chain, Hash, PublicClient, Transport } from "viem";

/** The block every read of one pass is pinned to. */
export type PinnedBlock = { number: bigint; hash: Hash; timestamp: bigint };

/**
 * Reads of one block, each made at most once however many rules ask (memoized promises), all pinned to
 * the same block so a pass sees one consistent state. Reads that do not depend on each other are sent
 * together.
 */
export class BlockView {
  readonly block: PinnedBlock;
  readonly deployment: KeelDeployment;
  readonly client: PublicClient<Transport, Chain>;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(client: PublicClient<Transport, Chain>, deployment: KeelDeployment, block: PinnedBlock) {
    this.client = client;
    this.deployment = deployment;
    this.block = block;
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, read());
    return this.memo.get(key) as Promise<T>;
  }

  pool(poolId: bigint): Promise<PoolSnapshot> {
    return this.once(`pool:${poolId}`, () =>
      getPoolSnapshot(this.client, {
        pool: this.deployment.contracts.pool,
        poolId,
        blockNumber: this.block.number,
      }),
    );
  }

  account(poolId: bigint, account: Address): Promise<AccountSnapshot> {
    return this.once(`account:${poolId}:${account}`, () =>
      getAccountSnapshot(this.client, {
        pool: this.deployment.contracts.pool,
        poolId,
        account,
        blockNumber: this.block.number,
      }),
    );
  }

  vault(id: bigint): Promise<VaultInfo> {
    return this.once(`vault:${id}`, () =>
      getVault(this.client, { engine: this.engine(), vaultId: id, blockNumber: this.block.number }),
    );
  }

  /** The vault, or undefined when no vault has this id (never opened, or closed and cleared). */
  async openVault(id: bigint): Promise<VaultInfo | undefined> {
    const engine = this.engine();
    const record = await this.once(`record:${id}`, () =>
      this.client.readContract({
        address: engine,
        abi: cdpEngineAbi,
        functionName: "vault",
        args: [id],
        blockNumber: this.block.number,
      }),
    );
    if (record.owner === "0x0000000000000000000000000000000000000000") return undefined;
    return this.vault(id);
  }

  psm(address: Address): Promise<PsmInfo> {
    return this.once(`psm:${address}`, () => getPsm(this.client, { psm: address, blockNumber: this.block.number }));
  }

  /** The number of vaults ever opened (ids run from 1). */
  vaultCount(): Promise<bigint> {
    return this.once("vaultCount", () =>
      this.client.readContract({
        address: this.engine(),
        abi: cdpEngineAbi,
        functionName: "vaultCount",
        blockNumber: this.block.number,
      }),
    );
  }

  /** A token's market price from its USD feed (Chainlink-style), as WAD USD per whole token. */
  feedPrice(symbol: string): Promise<bigint> {
    return this.once(`feed:${symbol}`, async () => {
      const feed = this.deployment.tokens[symbol].feed;
      const at = { address: feed, abi: iAggregatorV3Abi, blockNumber: this.block.number } as const;
      const [decimals, round] = await Promise.all([
        this.client.readContract({ ...at, functionName: "decimals" }),
        this.client.readContract({ ...at, functionName: "latestRoundData" }),
      ]);
      return (round[1] * 10n ** 18n) / 10n ** BigInt(decimals);
    });
  }

  /**
   * The price Keel's pools and engine read for a token (its adapter's checked price, else the last one it
   * reported), as WAD USD per whole token; undefined when the adapter has none at all.
   */
  oraclePrice(symbol: string): Promise<bigint | undefined> {
    return this.once(`oracle:${symbol}`, async () => {
      const token = this.deployment.tokens[symbol];
      const read = await readOraclePrices(this.client, { oracle: token.oracle, blockNumber: this.block.number });
      const price = read.price ?? read.lastPrice;
      return price === undefined ? undefined : (price * 10n ** BigInt(token.decimals)) / 10n ** 18n;
    });
  }

  engine(): Address {
    const cdp = this.deployment.cdp;
    if (cdp === undefined) throw new Error("the deployment has no kUSD engine");
    return cdp.engine;
  }
}
