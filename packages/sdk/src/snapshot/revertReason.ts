import { BaseError } from "../errors/base.ts";
import { KeelContractError } from "../errors/contract.ts";
import type { OracleRevert } from "../types.ts";

/** A short reason for a failed read (a Keel error): the decoded custom error with its arguments when there is one. */
export function revertReason(error: unknown): string {
  if (error instanceof KeelContractError) return `${error.errorName}(${error.args.map(String).join(", ")})`;
  if (error instanceof BaseError) return error.shortMessage;
  return String(error);
}

/** The decoded custom error of a failed read (name and arguments), when its revert data decoded to one. */
export function decodedRevert(error: unknown): OracleRevert | undefined {
  if (error instanceof KeelContractError) return { errorName: error.errorName, args: error.args };
  return undefined;
}
