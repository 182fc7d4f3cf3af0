// The six pool operations as the app offers them: what each is called, what "max" means, whether the
// pool pulls tokens from the wallet, and how it is sent through the SDK. The preview (plan.ts) and the
// form (components/OperationForm.tsx) are one for all six.
import {
  type AccountSnapshot,
  type Action,
  borrow,
  type KeelWalletClient,
  maxBorrow,
  maxWithdrawCollateral,
  type PoolSnapshot,
  repay,
  repayAll,
  supply,
  supplyCollateral,
  withdraw,
  withdrawCollateral,
} from "@keel/sdk";
import type { Address } from "viem";

export type OperationKind = "supply" | "withdraw" | "supplyCollateral" | "withdrawCollateral" | "borrow" | "repay";

export type SendInput = {
  pool: Address;
  poolId: bigint;
  reserve: number;
  assets: bigint;
  /** Moves the whole position by shares, so no dust is left. */
  whole: boolean;
  account: Address;
};

export type OperationSpec = {
  label: string;
  /** Verb for buttons and sentences. */
  verb: string;
  pulls: boolean;
  /** Which side of the reserve's rate the preview shows. */
  rate?: "supplyApy" | "borrowApy";
  /** For operations whose max keeps a health buffer: the pool's own limit (the lens's answer). */
  poolLimit?: (pool: PoolSnapshot, account: AccountSnapshot, reserve: number) => bigint;
  action: (reserve: number, assets: bigint) => Action;
  /** The action of "max" when it is not sized from a limit or the wallet: the whole position. */
  wholeAction?: (reserve: number) => Action;
  send: (client: KeelWalletClient, input: SendInput) => Promise<{ hash: `0x${string}` }>;
};

const target = (i: SendInput) => ({ pool: i.pool, poolId: i.poolId, reserve: BigInt(i.reserve), account: i.account });

export const OPERATIONS: Record<OperationKind, OperationSpec> = {
  supply: {
    label: "Supply",
    verb: "supply",
    pulls: true,
    rate: "supplyApy",
    action: (reserve, assets) => ({ type: "supply", reserve, amount: { assets } }),
    send: (client, i) => supply(client, { ...target(i), assets: i.assets }),
  },
  withdraw: {
    label: "Withdraw",
    verb: "withdraw",
    pulls: false,
    action: (reserve, assets) => ({ type: "withdraw", reserve, amount: { assets } }),
    wholeAction: (reserve) => ({ type: "withdraw", reserve, amount: "max" }),
    send: (client, i) =>
      i.whole ? withdraw(client, { ...target(i), max: true }) : withdraw(client, { ...target(i), assets: i.assets }),
  },
  supplyCollateral: {
    label: "Add collateral",
    verb: "deposit",
    pulls: true,
    action: (reserve, assets) => ({ type: "supplyCollateral", reserve, assets }),
    send: (client, i) => supplyCollateral(client, { ...target(i), assets: i.assets }),
  },
  withdrawCollateral: {
    label: "Remove collateral",
    verb: "withdraw",
    pulls: false,
    poolLimit: maxWithdrawCollateral,
    action: (reserve, assets) => ({ type: "withdrawCollateral", reserve, assets }),
    send: (client, i) => withdrawCollateral(client, { ...target(i), assets: i.assets }),
  },
  borrow: {
    label: "Borrow",
    verb: "borrow",
    pulls: false,
    rate: "borrowApy",
    poolLimit: maxBorrow,
    action: (reserve, assets) => ({ type: "borrow", reserve, amount: { assets } }),
    send: (client, i) => borrow(client, { ...target(i), assets: i.assets }),
  },
  repay: {
    label: "Repay",
    verb: "repay",
    pulls: true,
    action: (reserve, assets) => ({ type: "repay", reserve, amount: { assets } }),
    wholeAction: (reserve) => ({ type: "repay", reserve, amount: "all" }),
    send: (client, i) =>
      i.whole ? repayAll(client, { ...target(i) }) : repay(client, { ...target(i), assets: i.assets }),
  },
};
