// Buying collateral from an auction: with kUSD from the wallet (the engine burns the price), or without
// capital, selling the collateral on Uniswap in the same transaction through the AuctionTaker, as
// `keel auction take --sell` does. The preview is the SDK's take at the block expected.
import { type AuctionInfo, takeAuction, takeAuctionWithTaker } from "@keel/sdk";
import { useMemo, useState } from "react";
import type { Address } from "viem";
import { useAppConfig } from "../chain/context.tsx";
import { useTokenState } from "../chain/pools.ts";
import { readAmount } from "../lib/kusdAmount.ts";
import { planTake, type TakePlan } from "../lib/kusdAuction.ts";
import { collateralText, kusdText, symbolOfType } from "../lib/kusdFormat.ts";
import { AmountField, type AmountText, EMPTY_AMOUNT } from "./AmountField.tsx";
import { PreviewRows } from "./PreviewRows.tsx";
import { expectedAt, useCdp } from "./reads.ts";
import { StatusLine } from "./StatusLine.tsx";
import { useSend } from "./useSend.ts";

/** The route a capital-free take sells along: collateral → the peg module's stablecoin, when that pair exists. */
function useSellPath(collateral: string): Address[] | undefined {
  const { deployment } = useAppConfig();
  const gem = deployment.cdp?.pegModules[0]?.gem;
  if (!gem) return undefined;
  const pairs = deployment.uniswap.pairs;
  if (!pairs[`${collateral}/${gem}`] && !pairs[`${gem}/${collateral}`]) return undefined;
  const from = deployment.tokens[collateral]?.address;
  const to = deployment.tokens[gem]?.address;
  return from && to ? [from, to] : undefined;
}

export function TakeForm({ auction, owner, onClose }: { auction: AuctionInfo; owner: Address; onClose: () => void }) {
  const cdp = useCdp();
  const { type } = auction;
  const symbol = symbolOfType(type);
  const kusd = useTokenState(cdp?.kusd, owner, cdp?.engine as Address);
  const path = useSellPath(symbol);
  const [amount, setAmount] = useState<AmountText>(EMPTY_AMOUNT);
  const [sell, setSell] = useState(false);
  const { status, setStatus, send, busy } = useSend();

  const planned = useMemo((): { plan?: TakePlan; problem?: string } => {
    if (!kusd.data) return {};
    try {
      const wanted = readAmount(amount, type.decimals, symbol);
      if (!wanted) return {};
      const plan = planTake({
        auction,
        amount: wanted,
        sell: sell && path ? { path } : undefined,
        kusdBalance: kusd.data.balance,
        at: expectedAt(auction.timestamp),
      });
      return { plan };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }, [kusd.data, amount, type.decimals, symbol, auction, sell, path]);
  const { plan, problem } = planned;

  async function submit() {
    if (!plan || !cdp) return;
    const { maxCollateral, maxPrice } = plan;
    const vaultId = auction.vaultId;
    const done = await send(undefined, "the take", async (client) => {
      if (sell && path) {
        const sent = await takeAuctionWithTaker(client, {
          auctionTaker: cdp.auctionTaker,
          vaultId,
          maxCollateral,
          maxPrice,
          path,
        });
        return `Done: bought ${collateralText(sent.collateral, type)} for ${kusdText(sent.paid)} from the sale; it left you ${kusdText(sent.profit)} (transaction ${sent.hash.slice(0, 10)}…).`;
      }
      const sent = await takeAuction(client, { engine: cdp.engine, vaultId, maxCollateral, maxPrice });
      return `Done: bought ${collateralText(sent.collateral, type)} for ${kusdText(sent.paid)} (transaction ${sent.hash.slice(0, 10)}…).`;
    });
    if (done) setAmount(EMPTY_AMOUNT);
  }

  const formId = `take-${auction.vaultId}`;
  return (
    <section className="card operation" aria-labelledby={`${formId}-title`} data-testid="take-operation">
      <h4 id={`${formId}-title`}>Take from the auction of vault {String(auction.vaultId)}</h4>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <AmountField
          id={`${formId}-amount`}
          label={`Collateral to buy (${symbol})`}
          value={amount}
          help={`Lot: ${collateralText(auction.collateral, type)} · Wallet: ${kusd.data ? kusdText(kusd.data.balance) : "…"} · Max buys the whole lot, as far as the tab allows.`}
          onChange={(value) => {
            setAmount(value);
            setStatus({ phase: "idle" });
          }}
        />
        {path && (
          <label className="kusd-check">
            <input type="checkbox" checked={sell} onChange={(event) => setSell(event.target.checked)} /> Sell it on
            Uniswap in the same transaction and pay from the sale (no kUSD needed)
          </label>
        )}
        {problem && (
          <p role="alert" className="error" data-testid="plan-problem">
            {problem}
          </p>
        )}
        {plan && <PreviewRows rows={plan.rows} warnings={plan.warnings} />}
        <div className="actions">
          <button type="submit" disabled={!plan || busy} data-testid="send">
            Take
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close form
          </button>
        </div>
        <StatusLine status={status} />
      </form>
    </section>
  );
}
