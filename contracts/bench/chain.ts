// A fresh in-process chain whose every block has an explicit timestamp, so that the gas of each
// transaction is exact and the same on every run.
import { network } from "hardhat";
import type { Abi, Address, Hex, TransactionReceipt } from "viem";
import type { Artifact } from "../external/solc.ts";

export type Connection = Awaited<ReturnType<typeof network.create>>;
export type Viem = Connection["viem"];
export type PublicClient = Awaited<ReturnType<Viem["getPublicClient"]>>;
export type Wallet = Awaited<ReturnType<Viem["getWalletClients"]>>[number];

/** Genesis date of every benchmark chain; blocks then follow at BLOCK_TIME, plus explicit jumps. */
const GENESIS = "2026-01-05T00:00:00.000Z";
const BLOCK_TIME = 12n;

/** A contract deployed from an artifact outside Hardhat's build (Aave, Morpho, bench helpers). */
export type RawContract = { address: Address; abi: Abi };

export class Chain {
  private now: bigint;
  /** The last transaction sent, for the trace of a measured operation (bench/trace.ts). */
  lastHash?: Hex;
  /** Names of the deployed contracts, by lower-case address, for traces. */
  readonly labels = new Map<string, string>();
  readonly connection: Connection;
  readonly publicClient: PublicClient;
  readonly wallets: Wallet[];

  private constructor(connection: Connection, publicClient: PublicClient, wallets: Wallet[]) {
    this.connection = connection;
    this.publicClient = publicClient;
    this.wallets = wallets;
    this.now = BigInt(Date.parse(GENESIS) / 1000);
  }

  static async open(): Promise<Chain> {
    const connection = await network.create({ override: { initialDate: GENESIS } });
    const publicClient = await connection.viem.getPublicClient();
    const wallets = await connection.viem.getWalletClients();
    return new Chain(connection, publicClient, wallets);
  }

  get viem(): Viem {
    return this.connection.viem;
  }

  /** Names a contract in traces. */
  label(address: Address, name: string): void {
    this.labels.set(address.toLowerCase(), name);
  }

  get deployer(): Wallet {
    return this.wallets[0];
  }

  /** Moves the clock: the next transaction is mined `seconds` (plus one block) later. */
  advance(seconds: bigint): void {
    this.now += seconds;
  }

  /** Fixes the timestamp of the next block. */
  async tick(): Promise<void> {
    this.now += BLOCK_TIME;
    await this.connection.networkHelpers.time.setNextBlockTimestamp(this.now);
  }

  /** Sends one transaction in its own block at the next timestamp and returns its receipt. */
  async tx(send: () => Promise<Hex>): Promise<TransactionReceipt> {
    await this.tick();
    const hash = await send();
    this.lastHash = hash;
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  /** Sends one transaction and returns its receipt's gasUsed: the number the benchmark reports. */
  async gas(send: () => Promise<Hex>): Promise<number> {
    return Number((await this.tx(send)).gasUsed);
  }

  /** Deploys a contract from Hardhat's build. */
  async deploy<T>(deployment: () => Promise<T>): Promise<T> {
    await this.tick();
    return deployment();
  }

  /** Deploys a contract from a raw artifact, as `from` (the deployer by default). */
  async deployRaw(
    artifact: Artifact,
    args: readonly unknown[] = [],
    from: Wallet = this.deployer,
  ): Promise<RawContract> {
    const receipt = await this.tx(() =>
      from.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args, account: from.account, chain: null }),
    );
    if (!receipt.contractAddress) throw new Error("deployment returned no address");
    return { address: receipt.contractAddress, abi: artifact.abi };
  }

  /** Calls a raw contract in a transaction. */
  write(contract: RawContract, functionName: string, args: readonly unknown[], from: Wallet = this.deployer) {
    return this.tx(() =>
      from.writeContract({
        address: contract.address,
        abi: contract.abi,
        functionName,
        args,
        account: from.account,
        chain: null,
      }),
    );
  }

  /** Same as `write`, returning the gas used. */
  async writeGas(contract: RawContract, functionName: string, args: readonly unknown[], from: Wallet): Promise<number> {
    return Number((await this.write(contract, functionName, args, from)).gasUsed);
  }

  read<T>(contract: RawContract, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return this.publicClient.readContract({
      address: contract.address,
      abi: contract.abi,
      functionName,
      args,
    }) as Promise<T>;
  }
}
