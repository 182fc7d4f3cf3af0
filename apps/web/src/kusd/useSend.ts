// Sending a kUSD transaction: the approval first when the contract pulls a token beyond its allowance
// (exactly the amount, never unlimited), then the SDK action, which simulates first and turns a revert
// into the contract's sentence. Every outcome ends as one sentence in the form's status line.
import { ensureAllowance, type KeelWalletClient } from "@keel/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { sentenceOf } from "../lib/errors.ts";

export type SendStatus =
  | { phase: "idle" }
  | { phase: "busy"; text: string }
  | { phase: "done"; text: string }
  | { phase: "failed"; text: string };

export type Approval = { token: Address; spender: Address; amount: bigint; text: string };

export function useSend() {
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SendStatus>({ phase: "idle" });
  // One send at a time: a double click while the wallet opens must not start a second approval.
  const running = useRef(false);

  /** Runs the approval (if any) and the action; `action` returns the sentence to show once it is mined. */
  async function send(
    approval: Approval | undefined,
    confirm: string,
    action: (client: KeelWalletClient) => Promise<string>,
  ): Promise<boolean> {
    if (running.current) return false;
    running.current = true;
    try {
      const client = await getConnectorClient(wagmiConfig);
      if (approval) {
        setStatus({ phase: "busy", text: `Approve ${approval.text} in your wallet…` });
        await ensureAllowance(client, { token: approval.token, spender: approval.spender, amount: approval.amount });
      }
      setStatus({ phase: "busy", text: `Confirm ${confirm} in your wallet…` });
      const text = await action(client);
      setStatus({ phase: "done", text });
      // Not awaited: a refetch that takes long must not hold the form.
      void queryClient.invalidateQueries();
      return true;
    } catch (error) {
      setStatus({ phase: "failed", text: sentenceOf(error) });
      return false;
    } finally {
      running.current = false;
    }
  }

  return { status, setStatus, send, busy: status.phase === "busy" };
}
