// Every failure the app shows is a sentence: the SDK's for a contract revert or a simulation refusal,
// the wallet's own words when the user declines, and a plain fallback otherwise.
import { BaseError, decodeKeelError, SimulationError } from "@keel/sdk";
import { UserRejectedRequestError } from "viem";

export function sentenceOf(error: unknown): string {
  // First: a decline wrapped in any SDK error is still the user's own choice, and says so.
  if (isUserRejection(error)) return "You declined in your wallet; nothing was sent.";
  if (error instanceof SimulationError) return error.message;
  if (error instanceof BaseError) return error.shortMessage;
  try {
    const decoded = decodeKeelError(error);
    if (decoded instanceof BaseError) return decoded.shortMessage;
  } catch {
    // not a Keel error: fall through
  }
  const short = (error as { shortMessage?: string }).shortMessage;
  return short ?? (error instanceof Error ? error.message : String(error));
}

function isUserRejection(error: unknown): boolean {
  let current = error as { code?: number; cause?: unknown; name?: string } | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.code === 4001 || current instanceof UserRejectedRequestError) return true;
    current = current.cause as typeof current;
  }
  return false;
}
