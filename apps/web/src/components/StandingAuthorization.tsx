// A standing authorization of the bundler on the pool, if the account has one: flows never need it (each
// authorizes the bundler for its own transaction), so the page says it exists and offers to revoke it.
import { keelPoolAbi, setAuthorization } from "@keel/sdk";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { useLatestBlock } from "../chain/pools.ts";
import { sentenceOf } from "../lib/errors.ts";

export function StandingAuthorization({
  pool,
  operator,
  account,
}: {
  pool: Address;
  operator: Address;
  account: Address;
}) {
  const client = usePublicClient();
  const block = useLatestBlock();
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState("");
  const standing = useQuery({
    queryKey: ["authorized", pool, operator, account, String(block)],
    enabled: client !== undefined && block !== undefined,
    queryFn: () =>
      (client as NonNullable<typeof client>).readContract({
        address: pool,
        abi: keelPoolAbi,
        functionName: "isAuthorized",
        args: [account, operator],
        blockNumber: block,
      }),
  });
  if (!standing.data) return null;
  return (
    <section className="card" aria-labelledby="standing-title" data-testid="standing-authorization">
      <h2 id="standing-title">The bundler may act on your positions</h2>
      <p>
        You authorized the bundler on the pool, and that permission stands until you revoke it. Flows do not need it:
        each one authorizes the bundler for its own transaction only.
      </p>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          try {
            setStatus("Confirm the revocation in your wallet…");
            const wallet = await getConnectorClient(wagmiConfig);
            await setAuthorization(wallet, { pool, operator, isAuthorized: false });
            setStatus("Revoked: the bundler can no longer act on your positions outside a flow you sign.");
            // Not awaited: a refetch that takes long must not hold the form.
            void queryClient.invalidateQueries();
          } catch (error) {
            setStatus(sentenceOf(error));
          }
        }}
      >
        Revoke the bundler's authorization
      </button>
      <p aria-live="polite">{status}</p>
    </section>
  );
}
