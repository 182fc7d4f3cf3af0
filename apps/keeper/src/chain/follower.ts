import type { Address, Chain, Hash, Log, PublicClient, Transport } from "viem";
import { isNotFound } from "./errors.ts";

/** A block the follower has accepted into its view of the chain. */
export type BlockHeader = { number: bigint; hash: Hash; parentHash: Hash; timestamp: bigint };

/** What one call to `advance` saw. */
export type Advance =
  | {
      kind: "blocks";
      /**
       * New blocks on top of the view, in order, and their logs from the followed contracts. While catching
       * up on history deeper than the reorg depth, `blocks` is empty and only the logs come.
       */
      blocks: BlockHeader[];
      logs: Log[];
      /** The last block these logs cover. */
      through: bigint;
    }
  /** The chain replaced blocks the view held: every block above `ancestor` is gone. */
  | { kind: "reorg"; ancestor: bigint; dropped: BlockHeader[] }
  /** Nothing new. */
  | { kind: "idle" };

/** Blocks fetched, and checked against each other, per `advance`. */
const MAX_BLOCKS_PER_ADVANCE = 256n;
/** Blocks of settled history (deeper than the reorg depth) whose logs are read per `advance` while catching up. */
const MAX_HISTORY_PER_ADVANCE = 50_000n;

/**
 * Follows the chain's head, one call at a time, and keeps the hashes of the latest blocks it accepted
 * so that it notices when the chain replaces them. Each `advance` either extends the view with the next
 * blocks (each one's parent must be the block before it, and each block's logs are asked for by its hash)
 * or reports a reorg: the view is cut back to the last block the chain still has (the common ancestor),
 * and the next call goes forward again from there. A reorg deeper than the blocks kept is reported with
 * the oldest kept block's parent as the ancestor, so the caller resyncs everything.
 */
export class ChainFollower {
  private readonly kept: BlockHeader[] = [];
  private next: bigint;

  private readonly client: PublicClient<Transport, Chain>;
  private readonly options: {
    addresses: Address[];
    fromBlock: bigint;
    depth: number;
    logRange: number;
    after?: BlockHeader;
  };

  constructor(
    client: PublicClient<Transport, Chain>,
    options: { addresses: Address[]; fromBlock: bigint; depth: number; logRange: number; after?: BlockHeader },
  ) {
    this.client = client;
    this.options = options;
    this.next = options.fromBlock;
    // A block already processed before (a restart's cursor): the next block's parent is checked against it.
    if (options.after !== undefined) this.kept.push(options.after);
  }

  /** The latest block accepted, if any. */
  get head(): BlockHeader | undefined {
    return this.kept.at(-1);
  }

  async advance(): Promise<Advance> {
    const tip = await this.client.getBlockNumber({ cacheTime: 0 });
    const head = this.head;
    // The chain is shorter than the view: blocks were removed (a revert to a snapshot on a devnet).
    if (head !== undefined && tip < head.number) return this.reorg();
    if (tip < this.next) {
      // Same height: the head itself may have been replaced.
      if (head !== undefined && !(await this.stillCanonical(head))) return this.reorg();
      return { kind: "idle" };
    }
    // History deeper than any reorg handled: its logs only, no headers to compare.
    const settled = tip - BigInt(this.options.depth);
    if (head === undefined && this.next <= settled) {
      const through =
        settled - this.next + 1n > MAX_HISTORY_PER_ADVANCE ? this.next + MAX_HISTORY_PER_ADVANCE - 1n : settled;
      const logs = await this.logs(this.next, through);
      this.next = through + 1n;
      return { kind: "blocks", blocks: [], logs, through };
    }
    const last = tip - this.next + 1n > MAX_BLOCKS_PER_ADVANCE ? this.next + MAX_BLOCKS_PER_ADVANCE - 1n : tip;
    const blocks = await this.headers(this.next, last);
    let parent = head;
    for (const block of blocks) {
      if (parent !== undefined && block.parentHash !== parent.hash) return this.reorg();
      parent = block;
    }
    // Logs by block hash (EIP-234): each block's own logs, never those of a block that replaced it since.
    const logs = (await Promise.all(blocks.map((block) => this.logsOf(block)))).flat();
    this.kept.push(...blocks);
    if (this.kept.length > this.options.depth) this.kept.splice(0, this.kept.length - this.options.depth);
    this.next = last + 1n;
    return { kind: "blocks", blocks, logs, through: last };
  }

  /** Walks back from the head to the last kept block the chain still has, and cuts the view there. */
  private async reorg(): Promise<Advance> {
    const dropped: BlockHeader[] = [];
    while (this.kept.length > 0) {
      const candidate = this.kept[this.kept.length - 1];
      if (await this.stillCanonical(candidate)) break;
      dropped.unshift(candidate);
      this.kept.pop();
    }
    const oldest = dropped[0];
    const ancestor = this.head?.number ?? (oldest === undefined ? this.next - 1n : oldest.number - 1n);
    this.next = ancestor + 1n;
    return { kind: "reorg", ancestor, dropped };
  }

  /**
   * Whether the chain still has `block`: a different hash at its height, or no block there, says no. A
   * failed request is not an answer: it is rethrown (the pass fails and is retried), never read as a reorg.
   */
  private async stillCanonical(block: BlockHeader): Promise<boolean> {
    try {
      const current = await this.client.getBlock({ blockNumber: block.number });
      return current.hash === block.hash;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async headers(from: bigint, to: bigint): Promise<BlockHeader[]> {
    const numbers: bigint[] = [];
    for (let n = from; n <= to; n++) numbers.push(n);
    const blocks = await Promise.all(numbers.map((blockNumber) => this.client.getBlock({ blockNumber })));
    return blocks.map((block) => ({
      number: block.number,
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: block.timestamp,
    }));
  }

  private async logsOf(block: BlockHeader): Promise<Log[]> {
    return this.client.getLogs({ address: this.options.addresses, blockHash: block.hash });
  }

  private async logs(from: bigint, to: bigint): Promise<Log[]> {
    const logs: Log[] = [];
    const range = BigInt(this.options.logRange);
    for (let start = from; start <= to; start += range) {
      const end = start + range - 1n < to ? start + range - 1n : to;
      logs.push(...(await this.client.getLogs({ address: this.options.addresses, fromBlock: start, toBlock: end })));
    }
    return logs;
  }
}
