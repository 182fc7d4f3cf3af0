import { BaseError, ContractFunctionRevertedError } from "viem";
import type { OracleRevert } from "../types.ts";

/** A short reason for a failed read: the decoded custom error with its arguments when there is one. */
export function revertReason(error: unknown): string {
  if (!(error instanceof BaseError)) return String(error);
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
    const args = (reverted.data.args ?? []).map((arg) => String(arg)).join(", ");
    return `${reverted.data.errorName}(${args})`;
  }
  return error.shortMessage;
}

/** The decoded custom error of a failed read (name and arguments), when its revert data decoded to one. */
export function decodedRevert(error: unknown): OracleRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
    return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  }
  return undefined;
}
