// Swapping a stablecoin and kUSD at a peg stability module: sell it for kUSD (the module pulls it, so
// an exact approval may go first) or buy it with kUSD (burned, no allowance), each with the SDK's quote.
import { psmBuyGem, psmSellGem } from "@keel/sdk";
import { useMemo, useState } from "react";
import type { Address } from "viem";
import { useTokenState } from "../chain/pools.ts";
import { sentenceOf } from "../lib/errors.ts";
import { formatBps, tokens } from "../lib/format.ts";
import { readAmount } from "../lib/kusdAmount.ts";
import { kusdText } from "../lib/kusdFormat.ts";
import { gemSymbol, planSwap, type SwapDirection, type SwapPlan } from "../lib/kusdPsm.ts";
import { AmountField, type AmountText, EMPTY_AMOUNT } from "./AmountField.tsx";
import { PreviewRows } from "./PreviewRows.tsx";
import { useCdp, usePsm } from "./reads.ts";
import { StatusLine } from "./StatusLine.tsx";
import { useSend } from "./useSend.ts";

function stateText(psm: { frozen: boolean; depegged: boolean | undefined }): string {
  if (psm.frozen) return "frozen by its guardian";
  if (psm.depegged === undefined) return "the stablecoin's oracle gives no price";
  return psm.depegged ? "stopped: the stablecoin is off its peg" : "live";
}

export function PsmSwap({ module, owner }: { module: { address: Address; gem: string }; owner: Address | undefined }) {
  const cdp = useCdp();
  const psm = usePsm(module.address);
  const gem = useTokenState(psm.data?.gem, owner, module.address);
  const kusd = useTokenState(cdp?.kusd, owner, module.address);
  const [direction, setDirection] = useState<SwapDirection>("sell");
  const [amount, setAmount] = useState<AmountText>(EMPTY_AMOUNT);
  const { status, setStatus, send, busy } = useSend();
  const symbol = psm.data ? gemSymbol(psm.data, module.gem) : module.gem;

  const planned = useMemo((): { plan?: SwapPlan; problem?: string } => {
    if (!psm.data || !gem.data || !kusd.data) return {};
    try {
      const wanted = readAmount(amount, psm.data.gemDecimals, symbol);
      if (!wanted) return {};
      const wallet = { gem: gem.data.balance, gemAllowance: gem.data.allowance, kusd: kusd.data.balance };
      return { plan: planSwap({ psm: psm.data, direction, amount: wanted, wallet }, module.gem) };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }, [psm.data, gem.data, kusd.data, amount, symbol, direction, module.gem]);
  const { plan, problem } = planned;

  async function submit() {
    if (!plan || !psm.data) return;
    const decimals = psm.data.gemDecimals;
    const gemText = tokens(plan.amount, decimals, symbol);
    const approval =
      plan.approval === undefined
        ? undefined
        : { token: psm.data.gem, spender: module.address, amount: plan.approval, text: gemText };
    const done = await send(approval, "the swap", async (client) => {
      if (direction === "sell") {
        const sent = await psmSellGem(client, { psm: module.address, amount: plan.amount });
        return `Done: sold ${gemText} for ${kusdText(sent.kusdOut)} (fee ${kusdText(sent.fee)}, transaction ${sent.hash.slice(0, 10)}…).`;
      }
      const sent = await psmBuyGem(client, { psm: module.address, amount: plan.amount });
      return `Done: bought ${gemText} for ${kusdText(sent.kusdIn)} (fee ${kusdText(sent.fee)}, transaction ${sent.hash.slice(0, 10)}…).`;
    });
    if (done) setAmount(EMPTY_AMOUNT);
  }

  const formId = `psm-${module.gem}`;
  return (
    <section className="card operation" aria-labelledby={`${formId}-title`} data-testid="psm-swap">
      <h3 id={`${formId}-title`}>{symbol} ⇄ kUSD</h3>
      {psm.error && (
        <p role="alert" className="error">
          {sentenceOf(psm.error)}
        </p>
      )}
      {psm.data && (
        <p className="help" data-testid="psm-state">
          {stateText(psm.data)} · fee {formatBps(psm.data.feeInBps)} to sell, {formatBps(psm.data.feeOutBps)} to buy ·
          holds {tokens(psm.data.gemHeld, psm.data.gemDecimals, symbol, 2)} · room under the cap{" "}
          {kusdText(psm.data.capRoom, 2)}
        </p>
      )}
      {!owner ? (
        <p>Connect a wallet to swap.</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <fieldset className="kusd-direction">
            <legend>Direction</legend>
            {(["sell", "buy"] as const).map((d) => (
              <label key={d}>
                <input
                  type="radio"
                  name={`${formId}-direction`}
                  value={d}
                  checked={direction === d}
                  onChange={() => {
                    setDirection(d);
                    setStatus({ phase: "idle" });
                  }}
                />{" "}
                {d === "sell" ? `${symbol} → kUSD` : `kUSD → ${symbol}`}
              </label>
            ))}
          </fieldset>
          <AmountField
            id={`${formId}-amount`}
            label={`Amount of ${symbol}`}
            value={amount}
            help={`Wallet: ${gem.data && psm.data ? tokens(gem.data.balance, psm.data.gemDecimals, symbol) : "…"}, ${kusd.data ? kusdText(kusd.data.balance) : "…"} · Max is ${direction === "sell" ? "your balance" : "all the module holds"}.`}
            onChange={(value) => {
              setAmount(value);
              setStatus({ phase: "idle" });
            }}
          />
          {problem && (
            <p role="alert" className="error" data-testid="plan-problem">
              {problem}
            </p>
          )}
          {plan && <PreviewRows rows={plan.rows} />}
          <div className="actions">
            <button type="submit" disabled={!plan || busy} data-testid="send">
              {plan?.approval !== undefined ? "Approve and swap" : "Swap"}
            </button>
          </div>
          <StatusLine status={status} />
        </form>
      )}
    </section>
  );
}
