// Protection: policies the connected account sets up once and any keeper carries out when a trigger holds
// (a deleverage, a repayment from the wallet, a close, a soft liquidation, or a kUSD vault's repayment),
// bounded by the policy contract in everything but the amounts. Create, sign, post, list and cancel.
import { accountHealthFactor, MAX_UINT256 } from "@keel/sdk";
import { useSearchParams } from "react-router";
import { useAccount } from "wagmi";
import { useAccountSnapshot, usePoolList, usePoolSnapshot } from "../chain/pools.ts";
import type { ProtectScope } from "../lib/protectPolicy.ts";
import { PolicyForm } from "../protect/PolicyForm.tsx";
import { PolicyList } from "../protect/PolicyList.tsx";
import { poolScope, useOwnVaults, usePolicyContracts } from "../protect/reads.ts";
import "../protect.css";

export function Protect() {
  const { address } = useAccount();
  const contracts = usePolicyContracts();
  const pools = usePoolList();
  const [search, setSearch] = useSearchParams();
  const vaults = useOwnVaults(address);
  const chosen = search.get("protect") ?? `pool:${pools[0]?.id ?? 0n}`;
  const [kind, id] = chosen.split(":");
  const poolId = kind === "pool" ? BigInt(id ?? 0) : undefined;
  const pool = usePoolSnapshot(poolId);
  const account = useAccountSnapshot(poolId, address);

  if (!address) {
    return (
      <section>
        <h1>Protection</h1>
        <p>Connect a wallet to set up protection policies that any keeper may carry out for your positions.</p>
      </section>
    );
  }
  if (!contracts) {
    return (
      <section>
        <h1>Protection</h1>
        <p role="alert">This deployment has no protection-policy contract.</p>
      </section>
    );
  }

  let scope: ProtectScope | undefined;
  let position: { collateral?: number; debt?: number } = {};
  let healthNow: bigint | undefined;
  let owes = false;
  if (kind === "pool" && pool.data && account.data) {
    const name = pools.find((p) => p.id === poolId)?.name ?? `pool ${poolId}`;
    scope = poolScope(pool.data, name);
    const positions = account.data.positions;
    const held = positions.findIndex((p) => p.collateral > 0n);
    const owed = positions.findIndex((p) => p.debtShares > 0n);
    position = { collateral: held >= 0 ? held : undefined, debt: owed >= 0 ? owed : undefined };
    owes = owed >= 0;
    try {
      const health = accountHealthFactor(pool.data, account.data);
      healthNow = health === MAX_UINT256 ? undefined : health;
    } catch {
      healthNow = undefined; // a price the oracle cannot give: no warning rather than a wrong one
    }
  }
  const vault = kind === "vault" ? vaults.data?.find((v) => String(v.id) === id) : undefined;
  if (vault) {
    scope = {
      kind: "vault",
      vaultId: vault.id,
      collateral: { symbol: vault.type.symbol ?? "collateral", decimals: vault.type.decimals },
    };
    owes = vault.debt > 0n;
    healthNow = owes ? vault.ratio : undefined;
  }

  return (
    <section aria-labelledby="protect-title" className="protect">
      <h1 id="protect-title">Protection</h1>
      <p className="lead">
        A policy says what any keeper may do for your position when a trigger holds, and bounds everything but the
        amounts: the price of each sale, the fee, how often and until when. The contract checks the outcome of every
        execution.
      </p>
      <div className="field protect-scope">
        <label htmlFor="protect-scope">Protect</label>
        <select id="protect-scope" value={chosen} onChange={(e) => setSearch({ protect: e.target.value })}>
          {pools.map((p) => (
            <option key={String(p.id)} value={`pool:${p.id}`}>
              Your position in {p.name}
            </option>
          ))}
          {(vaults.data ?? []).map((v) => (
            <option key={String(v.id)} value={`vault:${v.id}`}>
              kUSD vault {String(v.id)} ({v.type.symbol ?? "collateral"})
            </option>
          ))}
        </select>
      </div>
      {scope ? (
        <PolicyForm key={chosen} owner={address} scope={scope} position={position} healthNow={healthNow} owes={owes} />
      ) : kind === "vault" && vaults.data ? (
        <p role="alert">You own no kUSD vault {id}.</p>
      ) : (
        <p aria-live="polite">Reading your position…</p>
      )}
      <PolicyList owner={address} />
    </section>
  );
}
