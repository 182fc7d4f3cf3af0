import { withGasMargin } from "@keel/sdk";
import {
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  keccak256,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { isNodeAnswer, isNotFound, unlessReverted } from "../chain/errors.ts";
import type { Logger } from "../observe/log.ts";
import type { KeeperMetrics } from "../observe/metrics.ts";

/** One transaction the keeper wants mined: which opportunity it serves, and what it may spend on gas. */
export type Order = {
  /** The opportunity, e.g. `liquidate:0:0xabc…`: while one transaction for it is in flight, no other is sent. */
  key: string;
  job: string;
  to: Address;
  data: Hex;
  /** The gas estimate (the limit sent adds the SDK's margin). */
  gas: bigint;
  /** The most the transaction may cost in gas, in wei: its expected profit. Replacements stop at it. */
  maxCostWei: bigint;
  /** What the logs say about it. */
  details?: Record<string, unknown>;
};

/** A transaction sent and not yet final, with every version of it (replacements share the nonce). */
type InFlight = Order & {
  nonce: number;
  hashes: Hash[];
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  sentAtBlock: bigint;
  /** Set once mined: the block, so a reorg that drops that block can put it back in flight. */
  minedAt?: bigint;
  /**
   * Set when the order was cancelled: the hash of the empty transfer to itself that takes its nonce (the
   * opportunity was gone, or could no longer pay the fees the market asks), so later orders are not
   * stuck behind it.
   */
  cancelHash?: Hash;
};

/** What became of a transaction. */
export type Outcome = {
  key: string;
  job: string;
  hash: Hash;
  /** `cancelled`: the empty transfer that replaced the order was mined instead of it. */
  status: "success" | "reverted" | "cancelled";
  block: bigint;
};

/** Gas of the empty transfer that cancels an order. */
const CANCEL_GAS = 21_000n;

const BPS = 10_000n;

/**
 * The keeper's only way to send. It keeps its own nonce (one account, one sender), so orders found in
 * the same block go out together instead of waiting on each other; it sends at most one transaction per
 * opportunity while that one is in flight (idempotence: a retried request, a second RPC endpoint, or the
 * same opportunity found again in the next block never produce a second transaction); it signs locally
 * and knows each hash before sending, so a lost response is settled by asking for that hash rather than
 * by sending again; it replaces a transaction that stays unmined at fees raised by `feeBumpBps`, never
 * beyond what the opportunity is worth; and after a reorg it puts transactions of dropped blocks back in
 * flight and re-reads its nonce.
 */
export class Sender {
  private nonce: number | undefined;
  /** Sends, one at a time: two orders found together must not read the same nonce. */
  private sending: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Map<string, InFlight>();
  /** Mined transactions, kept as long as a reorg could undo them. */
  private readonly settled = new Map<string, InFlight>();

  private readonly clients: {
    publicClient: PublicClient<Transport, Chain>;
    walletClient: WalletClient<Transport, Chain, Account>;
  };
  private readonly options: {
    replaceAfterBlocks: number;
    feeBumpBps: number;
    reorgDepth: number;
    dryRun: boolean;
    log: Logger;
    metrics: KeeperMetrics;
  };

  constructor(
    clients: {
      publicClient: PublicClient<Transport, Chain>;
      walletClient: WalletClient<Transport, Chain, Account>;
    },
    options: {
      replaceAfterBlocks: number;
      feeBumpBps: number;
      reorgDepth: number;
      dryRun: boolean;
      log: Logger;
      metrics: KeeperMetrics;
    },
  ) {
    this.clients = clients;
    this.options = options;
  }

  get address(): Address {
    return this.clients.walletClient.account.address;
  }

  /** Whether an order for this opportunity is in flight. */
  busy(key: string): boolean {
    return this.inFlight.has(key);
  }

  get pendingCount(): number {
    return this.inFlight.size;
  }

  /** Sends the order unless one for the same opportunity is in flight; returns the hash, or undefined if not sent. */
  submit(order: Order, blockNumber: bigint): Promise<Hash | undefined> {
    const sent = this.sending.then(() => this.submitNow(order, blockNumber));
    this.sending = sent.catch(() => undefined);
    return sent;
  }

  private async submitNow(order: Order, blockNumber: bigint): Promise<Hash | undefined> {
    if (this.inFlight.has(order.key)) return undefined;
    const { log, metrics } = this.options;
    if (this.options.dryRun) {
      log.info({ ...order.details, key: order.key, job: order.job, dryRun: true }, "would send (dry run)");
      return undefined;
    }
    const fees = await this.clients.publicClient.estimateFeesPerGas();
    const gasLimit = withGasMargin(order.gas);
    // The opportunity must pay for its gas at the price sent; the check uses the estimate, not the margin.
    if (order.gas * fees.maxFeePerGas > order.maxCostWei) {
      metrics.skipped.inc({ job: order.job, reason: "gas above profit" });
      log.info({ key: order.key, maxFeePerGas: fees.maxFeePerGas }, "skipped: gas would cost more than it earns");
      return undefined;
    }
    const nonce = await this.nextNonce();
    const entry: InFlight = {
      ...order,
      nonce,
      hashes: [],
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      sentAtBlock: blockNumber,
    };
    // Held before the send, so the same opportunity found again cannot go out twice.
    this.inFlight.set(order.key, entry);
    this.nonce = nonce + 1;
    try {
      const hash = await this.broadcast(entry, gasLimit);
      metrics.sent.inc({ job: order.job });
      metrics.pending.set(this.inFlight.size);
      log.info({ ...order.details, key: order.key, hash, nonce }, `sent ${order.job}`);
      return hash;
    } catch (error) {
      // A node refused it: release the opportunity and re-read the nonce before the next send.
      this.inFlight.delete(order.key);
      this.nonce = undefined;
      metrics.skipped.inc({ job: order.job, reason: "send failed" });
      log.warn({ key: order.key, err: error }, "send failed");
      return undefined;
    }
  }

  /**
   * Per new block: collects receipts, replaces transactions stuck for `replaceAfterBlocks`, forgets what a
   * nonce above has made impossible, and retires mined transactions deeper than the reorg depth.
   */
  async onBlock(blockNumber: bigint): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    if (this.inFlight.size === 0) {
      this.retire(blockNumber);
      return outcomes;
    }
    const confirmedNonce = await this.clients.publicClient.getTransactionCount({
      address: this.address,
      blockTag: "latest",
    });
    for (const entry of [...this.inFlight.values()]) {
      if (entry.minedAt !== undefined) continue;
      const receipt = await this.findReceipt(entry);
      // Mined after the block being processed: the state read at that block does not show it yet, so the
      // opportunity stays taken until the keeper reads a block that includes it.
      if (receipt !== undefined && receipt.blockNumber > blockNumber) continue;
      if (receipt !== undefined) {
        entry.minedAt = receipt.blockNumber;
        this.inFlight.delete(entry.key);
        this.settled.set(`${entry.key}#${entry.nonce}`, entry);
        const status = receipt.transactionHash === entry.cancelHash ? "cancelled" : receipt.status;
        this.options.metrics.mined.inc({ job: entry.job, status });
        const said = {
          success: `mined ${entry.job}`,
          reverted: `${entry.job} reverted on chain`,
          cancelled: "cancel mined",
        };
        this.options.log.info(
          { key: entry.key, hash: receipt.transactionHash, block: receipt.blockNumber, gasUsed: receipt.gasUsed },
          said[status],
        );
        outcomes.push({
          key: entry.key,
          job: entry.job,
          hash: receipt.transactionHash,
          status,
          block: receipt.blockNumber,
        });
        continue;
      }
      if (entry.nonce < confirmedNonce) {
        // Another transaction of ours took the nonce (none of this entry's versions has a receipt).
        this.inFlight.delete(entry.key);
        this.options.log.warn(
          { key: entry.key, nonce: entry.nonce },
          "dropped: its nonce was used by another transaction",
        );
        continue;
      }
      if (blockNumber - entry.sentAtBlock >= BigInt(this.options.replaceAfterBlocks))
        await this.replace(entry, blockNumber);
    }
    this.options.metrics.pending.set(this.inFlight.size);
    this.retire(blockNumber);
    return outcomes;
  }

  /**
   * A reorg removed every block above `ancestor`: a transaction mined there is in flight again (it may
   * be mined anew, or be gone, as after a devnet's revert), and the nonce is re-read from the chain.
   */
  async onReorg(ancestor: bigint): Promise<void> {
    for (const [settledKey, entry] of this.settled) {
      if (entry.minedAt !== undefined && entry.minedAt > ancestor) {
        this.settled.delete(settledKey);
        entry.minedAt = undefined;
        if (!this.inFlight.has(entry.key)) this.inFlight.set(entry.key, entry);
      }
    }
    this.nonce = undefined;
    // A version still known to a node (mined again, or pending) keeps its opportunity; one the node says
    // it does not know is gone. No answer is not "unknown": the entry stays, and its nonce settles it later.
    for (const entry of [...this.inFlight.values()]) {
      const known = await Promise.all(
        entry.hashes.map((hash) =>
          this.clients.publicClient.getTransaction({ hash }).then(
            () => true,
            (error) => !isNotFound(error),
          ),
        ),
      );
      if (!known.some(Boolean)) {
        this.inFlight.delete(entry.key);
        this.options.log.warn({ key: entry.key }, "forgotten after the reorg: no node knows its transaction");
      }
    }
    this.options.metrics.pending.set(this.inFlight.size);
  }

  private async nextNonce(): Promise<number> {
    if (this.nonce === undefined) {
      this.nonce = await this.clients.publicClient.getTransactionCount({ address: this.address, blockTag: "pending" });
    }
    return this.nonce;
  }

  /**
   * Signs and sends one version of the entry (or its cancellation: an empty transfer to itself). Only a
   * node's refusal counts as not sent; a lost answer is settled by asking for the hash, and when no node
   * answers that either, the transaction is taken as sent: the entry stays in flight, and its nonce is
   * settled later by a receipt, by a replacement, or by another transaction of ours taking it.
   */
  private async broadcast(entry: InFlight, gasLimit: bigint, cancel = false): Promise<Hash> {
    const { walletClient, publicClient } = this.clients;
    const signed = await walletClient.signTransaction({
      account: walletClient.account,
      chain: walletClient.chain,
      to: cancel ? this.address : entry.to,
      data: cancel ? "0x" : entry.data,
      value: 0n,
      gas: cancel ? CANCEL_GAS : gasLimit,
      nonce: entry.nonce,
      maxFeePerGas: entry.maxFeePerGas,
      maxPriorityFeePerGas: entry.maxPriorityFeePerGas,
    });
    const hash = keccak256(signed);
    entry.hashes.push(hash);
    try {
      await publicClient.sendRawTransaction({ serializedTransaction: signed });
    } catch (error) {
      const message = String((error as Error).message).toLowerCase();
      if (message.includes("already known") || message.includes("already imported")) return hash;
      const known = await publicClient.getTransaction({ hash }).then(
        () => true,
        (lookup) => (isNotFound(lookup) ? false : undefined),
      );
      if (known === true) return hash;
      if (known === false && isNodeAnswer(error)) {
        entry.hashes.pop();
        throw error;
      }
      this.options.log.warn({ key: entry.key, hash, err: error }, "no answer to a send: taken as sent");
    }
    return hash;
  }

  /** The receipt of any version of the entry; a request that fails (rather than finding none) is rethrown. */
  private async findReceipt(entry: InFlight) {
    for (const hash of entry.hashes) {
      try {
        return await this.clients.publicClient.getTransactionReceipt({ hash });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return undefined;
  }

  /**
   * The same nonce at fees raised by `feeBumpBps`, if the opportunity is still there (the order is
   * simulated again at the latest block) and still pays for those fees. Otherwise the order is cancelled:
   * an empty transfer to itself at the raised fees takes the nonce, so the orders sent after it are not
   * held behind a transaction that will never be worth mining. A cancellation is raised the same way
   * until it is mined; it costs 21,000 gas.
   */
  private async replace(entry: InFlight, blockNumber: bigint): Promise<void> {
    const bump = (fee: bigint) => (fee * (BPS + BigInt(this.options.feeBumpBps)) + BPS - 1n) / BPS;
    const market = await this.clients.publicClient.estimateFeesPerGas();
    // At least the bump nodes require, and at least what the market asks now.
    let maxFeePerGas = bump(entry.maxFeePerGas);
    if (market.maxFeePerGas > maxFeePerGas) maxFeePerGas = market.maxFeePerGas;
    const maxPriorityFeePerGas = bump(entry.maxPriorityFeePerGas);
    let cancel = entry.cancelHash !== undefined;
    let why = "cancel raised";
    if (!cancel && entry.gas * maxFeePerGas > entry.maxCostWei) {
      cancel = true;
      why = "cancelled: higher fees would exceed its profit";
    }
    if (!cancel && !(await this.stillWorks(entry))) {
      cancel = true;
      why = "cancelled: the opportunity is gone";
    }
    entry.maxFeePerGas = maxFeePerGas;
    entry.maxPriorityFeePerGas = maxPriorityFeePerGas;
    entry.sentAtBlock = blockNumber;
    try {
      const hash = await this.broadcast(entry, withGasMargin(entry.gas), cancel);
      if (cancel) entry.cancelHash = hash;
      this.options.metrics.replaced.inc();
      this.options.log.info(
        { key: entry.key, hash, nonce: entry.nonce, maxFeePerGas },
        cancel ? why : "replaced at higher fees",
      );
    } catch (error) {
      this.options.log.warn({ key: entry.key, err: error }, "replacement refused");
    }
  }

  /** Whether the order would still succeed at the latest block (a network failure is rethrown). */
  private async stillWorks(entry: InFlight): Promise<boolean> {
    try {
      await this.clients.publicClient.call({ account: this.address, to: entry.to, data: entry.data });
      return true;
    } catch (error) {
      unlessReverted(error);
      return false;
    }
  }

  private retire(blockNumber: bigint): void {
    for (const [key, entry] of this.settled) {
      if (entry.minedAt !== undefined && blockNumber - entry.minedAt > BigInt(this.options.reorgDepth)) {
        this.settled.delete(key);
      }
    }
  }
}
