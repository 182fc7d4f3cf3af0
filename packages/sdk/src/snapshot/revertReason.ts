import { BaseError, ContractFunctionRevertedError } from "viem";

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
