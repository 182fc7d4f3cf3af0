import type { Account, Address, Chain, Client, Hex, TransactionReceipt, Transport } from "viem";

/** Any viem client that can read: a public client, or a wallet client with an RPC transport. */
export type KeelReadClient = Client<Transport, Chain | undefined, Account | undefined>;

/** A viem client that can also sign and send (its own `account`, or one passed per call). */
export type KeelWalletClient = Client<Transport, Chain | undefined, Account | undefined>;

/** Options every write action accepts. */
export type WriteParameters = {
  /** Signer; defaults to the client's account. A bare address works with node-managed accounts. */
  account?: Account | Address;
};

/** What every write action returns besides its decoded values. */
export type WriteReturnType = {
  /** Hash of the mined transaction. */
  hash: Hex;
  /** Its receipt (status "success": reverted receipts throw). */
  receipt: TransactionReceipt;
};
