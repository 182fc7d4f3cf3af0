import type { Account, Address } from "viem";
import { BaseError } from "../errors/base.ts";
import type { KeelWalletClient } from "./types.ts";

/** The account a write uses: the one passed, else the client's; throws when there is none. */
export function resolveAccount(client: KeelWalletClient, account?: Account | Address): Account | Address {
  const resolved = account ?? client.account;
  if (!resolved) throw new BaseError("No account to send from: pass `account` or use a wallet client with one.");
  return resolved;
}

/** The address of an account or address. */
export function addressOf(account: Account | Address): Address {
  return typeof account === "string" ? account : account.address;
}
