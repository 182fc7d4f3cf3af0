// kUSD: an owner's vaults (yours when connected, any address by ?owner=, read-only), the running
// auctions with their price curves, and the peg stability module. Every action is previewed with the
// SDK's copy of the engine's rules before the wallet signs.
import { useSearchParams } from "react-router";
import { getAddress, isAddress } from "viem";
import { useAccount } from "wagmi";
import { Auctions } from "../kusd/Auctions.tsx";
import { PsmSwap } from "../kusd/PsmSwap.tsx";
import { useCdp } from "../kusd/reads.ts";
import { Vaults } from "../kusd/Vaults.tsx";
import "../kusd.css";
import { NotAnAddress } from "../components/NotAnAddress.tsx";

export function Kusd() {
  const cdp = useCdp();
  const [search] = useSearchParams();
  const { address: connected } = useAccount();
  const raw = search.get("owner");
  if (!cdp) {
    return (
      <section>
        <h1>kUSD</h1>
        <p>This deployment has no kUSD engine.</p>
      </section>
    );
  }
  if (raw !== null && !isAddress(raw, { strict: false })) {
    return <NotAnAddress text={raw} title="kUSD" />;
  }
  const owner = raw !== null ? getAddress(raw) : connected;
  const own = owner !== undefined && connected !== undefined && owner.toLowerCase() === connected.toLowerCase();
  return (
    <section aria-labelledby="kusd-title" className="kusd">
      <h1 id="kusd-title">
        kUSD{" "}
        {owner && (
          <small>
            vaults of <code title={owner}>{owner}</code> {own ? "(you)" : "(read-only)"}
          </small>
        )}
      </h1>
      {owner ? (
        <Vaults key={owner} owner={owner} own={own} />
      ) : (
        <p>Connect a wallet to see and open your vaults, or open any owner's at /kusd?owner=&lt;address&gt;.</p>
      )}
      <Auctions taker={connected} />
      <section aria-labelledby="psm-title">
        <h2 id="psm-title">Peg stability module</h2>
        {cdp.pegModules.map((m) => (
          <PsmSwap key={m.address} module={m} owner={connected} />
        ))}
      </section>
    </section>
  );
}
