// The running auctions at the latest block: each lot, its tab, its price now and its curve, and a take.
import type { AuctionInfo } from "@keel/sdk";
import { useState } from "react";
import type { Address } from "viem";
import { sentenceOf } from "../lib/errors.ts";
import { collateralText, kusdText, perTokenText, symbolOfType } from "../lib/kusdFormat.ts";
import { AuctionChart } from "./AuctionChart.tsx";
import { useAuctions } from "./reads.ts";
import { TakeForm } from "./TakeForm.tsx";

export function Auctions({ taker }: { taker: Address | undefined }) {
  const auctions = useAuctions();
  const [selected, setSelected] = useState<AuctionInfo | undefined>();
  // The form follows the auction at each block; once a take ends it, the form keeps its last read.
  const chosen = selected && (auctions.data?.find((a) => a.vaultId === selected.vaultId) ?? selected);
  return (
    <section aria-labelledby="auctions-title">
      <h2 id="auctions-title">Auctions</h2>
      {auctions.error ? (
        <p role="alert" className="error">
          {sentenceOf(auctions.error)}
        </p>
      ) : !auctions.data ? (
        <p aria-live="polite">Loading…</p>
      ) : auctions.data.length === 0 ? (
        <p data-testid="no-auctions">No auction is running.</p>
      ) : (
        <ul className="kusd-auctions">
          {auctions.data.map((a) => (
            <li key={String(a.vaultId)} className="card" data-testid={`auction-${a.vaultId}`}>
              <h3>
                Vault {String(a.vaultId)} · {symbolOfType(a.type)}
              </h3>
              <dl className="stats">
                <div className="stat">
                  <dt>Collateral left</dt>
                  <dd data-testid="auction-collateral">{collateralText(a.collateral, a.type)}</dd>
                </div>
                <div className="stat">
                  <dt>Tab</dt>
                  <dd>{kusdText(a.tab, 2)}</dd>
                </div>
                <div className="stat">
                  <dt>Price now</dt>
                  <dd data-testid="auction-price">
                    {perTokenText(a.price, a.type.decimals)} per {symbolOfType(a.type)}
                  </dd>
                </div>
                <div className="stat">
                  <dt>State</dt>
                  <dd>{a.stale ? "stale: it must be reset first" : "live"}</dd>
                </div>
              </dl>
              <AuctionChart auction={a} />
              {taker && !a.stale && (
                <button type="button" onClick={() => setSelected(a)}>
                  Take<span className="visually-hidden"> from vault {String(a.vaultId)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {taker && chosen && (
        <TakeForm key={String(chosen.vaultId)} auction={chosen} owner={taker} onClose={() => setSelected(undefined)} />
      )}
    </section>
  );
}
