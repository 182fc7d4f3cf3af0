import { formatTokenAmount } from "@keel/sdk";
import { formatEther, type TransactionReceipt } from "viem";

/** What the transactions of one command cost: gas and the fee paid in ETH, from their receipts. */
export type GasSpent = {
  /** How many transactions were sent (an approval and the operation are two). */
  transactions: number;
  gasUsed: bigint;
  /** Σ gasUsed × effectiveGasPrice, in wei. */
  feeWei: bigint;
};

/** Sums the gas and the fee of the receipts (undefined entries are transactions that were not needed). */
export function gasSpent(receipts: readonly (TransactionReceipt | undefined)[]): GasSpent {
  const sent = receipts.filter((receipt): receipt is TransactionReceipt => receipt !== undefined);
  return {
    transactions: sent.length,
    gasUsed: sent.reduce((sum, receipt) => sum + receipt.gasUsed, 0n),
    feeWei: sent.reduce((sum, receipt) => sum + receipt.gasUsed * receipt.effectiveGasPrice, 0n),
  };
}

/** "Gas used 123,456, fee 0.000246912 ETH." with the number of transactions when there were several. */
export function gasSentence(spent: GasSpent): string {
  const over = spent.transactions > 1 ? ` over ${spent.transactions} transactions (the approval included)` : "";
  return `Gas used ${formatTokenAmount(spent.gasUsed, { decimals: 0 })}, fee ${formatEther(spent.feeWei)} ETH${over}.`;
}

/** The JSON fields of a GasSpent: integers as they are (printed as decimal strings), the fee also in ETH. */
export function gasJson(spent: GasSpent): Record<string, unknown> {
  return {
    transactions: spent.transactions,
    gasUsed: spent.gasUsed,
    feeWei: spent.feeWei,
    feeEth: formatEther(spent.feeWei),
  };
}
