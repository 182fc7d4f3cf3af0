// Move a loan from Aave v3 or Morpho Blue into a Keel pool in one transaction, with no capital: the page
// finds the connected account's loans, compares each side by side with what it would be on Keel, and
// only then asks for signatures (the source's permission for the bundler and Keel's, each for this one
// transaction) and sends the bundle.
import { executeBundle, keelPoolAbi, planMigrationFromAave, planMigrationFromMorpho, rateToApy } from "@keel/sdk";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useAccount, useConfig, usePublicClient } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { useAppConfig } from "../chain/context.tsx";
import { useAccountSnapshot, useLatestBlock, usePoolList, usePoolSnapshot } from "../chain/pools.ts";
import { HealthFactor } from "../components/HealthFactor.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { formatUsdWad, percent, tokens } from "../lib/format.ts";
import { keelSide, readSourceLoans, reserveOf, type SourceLoan, withMargin } from "../lib/migration.ts";
import { useSingleFlight } from "../lib/useSingleFlight.ts";

type Status = { phase: "idle" | "busy" | "done" | "failed"; text: string };

export function Migrate() {
  const { address } = useAccount();
  // Kept here, not in the card: a moved loan disappears from the list with the next block, and its card with it.
  const [moved, setMoved] = useState<string | undefined>();
  const { deployment } = useAppConfig();
  const client = usePublicClient();
  const block = useLatestBlock();
  const loans = useQuery({
    queryKey: ["source-loans", address, String(block)],
    enabled: address !== undefined && client !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: () => readSourceLoans(client as NonNullable<typeof client>, deployment, address as `0x${string}`),
  });
  if (!address) {
    return (
      <section>
        <h1>Move a loan to Keel</h1>
        <p>
          Connect a wallet that borrows on Aave v3 or Morpho Blue to compare the loan with Keel and move it in one
          transaction.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="migrate-title">
      <h1 id="migrate-title">Move a loan to Keel</h1>
      <p className="lead">
        One transaction, no capital: a flash loan repays the source, its collateral is posted on Keel, and a Keel borrow
        repays the flash loan.
      </p>
      <p aria-live="polite" data-testid="migrate-done" className="status status-done">
        {moved ?? ""}
      </p>
      {loans.error && (
        <p role="alert" className="error">
          {sentenceOf(loans.error)}
        </p>
      )}
      {!loans.data && !loans.error && <p aria-live="polite">Looking for your loans…</p>}
      {loans.data?.length === 0 && <p>This account has no loan on Aave v3 or Morpho Blue here.</p>}
      {loans.data?.map((loan) => (
        <LoanCard key={loan.label} loan={loan} onMoved={setMoved} />
      ))}
    </section>
  );
}

function LoanCard({ loan, onMoved }: { loan: SourceLoan; onMoved: (text: string) => void }) {
  const { deployment } = useAppConfig();
  const { address } = useAccount();
  const pools = usePoolList().filter((p) => {
    const symbols = deployment.pools.find((d) => d.id === String(p.id))?.reserves.map((r) => r.symbol) ?? [];
    return symbols.includes(loan.collateralSymbol) && symbols.includes(loan.debtSymbol);
  });
  const [poolId, setPoolId] = useState(pools[0]?.id);
  const pool = usePoolSnapshot(poolId);
  const account = useAccountSnapshot(poolId, address);
  const client = usePublicClient();
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>({ phase: "idle", text: "" });
  const once = useSingleFlight();
  const collateralToken = deployment.tokens[loan.collateralSymbol];
  const debtToken = deployment.tokens[loan.debtSymbol];
  const fee = useQuery({
    queryKey: ["flash-fee", loan.debtSymbol, String(loan.debt)],
    enabled: client !== undefined,
    queryFn: () =>
      (client as NonNullable<typeof client>).readContract({
        address: deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "flashFee",
        args: [debtToken.address, withMargin(loan.debt)],
      }),
  });
  let keel: ReturnType<typeof keelSide> | undefined;
  let problem: string | undefined;
  if (pool.data && account.data && fee.data !== undefined) {
    try {
      keel = keelSide(pool.data, account.data, loan, fee.data);
    } catch (error) {
      problem = sentenceOf(error);
    }
  }
  const c = (units: bigint) => tokens(units, collateralToken.decimals, loan.collateralSymbol);
  const d = (units: bigint) => tokens(units, debtToken.decimals, loan.debtSymbol);
  const titleId = `loan-${loan.source}-${loan.collateralSymbol}-${loan.debtSymbol}`;

  function migrate() {
    return once(() => migrateNow());
  }

  async function migrateNow() {
    if (poolId === undefined || !pool.data || !deployment.periphery) return;
    const periphery = deployment.periphery;
    try {
      const wallet = await getConnectorClient(wagmiConfig);
      const target = {
        bundler: periphery.bundler,
        pool: deployment.contracts.pool,
        poolId,
        collateral: BigInt(reserveOf(pool.data, loan.collateralToken)),
        debt: BigInt(reserveOf(pool.data, loan.debtToken)),
      };
      setStatus({
        phase: "busy",
        text: "Sign the one-transaction permissions in your wallet (the source's and Keel's, each granted and revoked)…",
      });
      let plan: Awaited<ReturnType<typeof planMigrationFromAave>>;
      if (loan.source === "aave") {
        const aave = deployment.external?.aave;
        if (!aave) throw new Error("This deployment lists no Aave v3.");
        plan = await planMigrationFromAave(wallet, {
          source: { aavePool: aave.pool, collateralAsset: collateralToken.address, debtAsset: debtToken.address },
          target,
        });
      } else {
        const morpho = deployment.external?.morpho;
        const market = morpho?.markets.find((m) => m.id === loan.marketId);
        if (!morpho || !market) throw new Error("This deployment lists no such Morpho market.");
        plan = await planMigrationFromMorpho(wallet, {
          morpho: morpho.morpho,
          market: {
            loanToken: debtToken.address,
            collateralToken: collateralToken.address,
            oracle: market.oracle,
            irm: market.irm,
            lltv: BigInt(market.lltv),
          },
          target,
        });
      }
      // The signed plan must be the loan the page showed: the signatures stay in this page unless it is sent.
      if (keel && plan.target.borrow > keel.borrow + keel.borrow / 1000n) {
        throw new Error(
          `The loan grew since the comparison (${d(plan.target.borrow)} to borrow on Keel, not ${d(keel.borrow)}); nothing was sent. Compare again.`,
        );
      }
      setStatus({ phase: "busy", text: "Confirm the transaction in your wallet…" });
      const sent = await executeBundle(wallet, { bundler: periphery.bundler, steps: plan.steps });
      setStatus({ phase: "idle", text: "" });
      onMoved(`Done: your ${loan.label} loan is on Keel now (${sent.hash.slice(0, 10)}…).`);
      // Not awaited: a refetch that takes long must not hold the form.
      void queryClient.invalidateQueries();
    } catch (error) {
      setStatus({ phase: "failed", text: sentenceOf(error) });
    }
  }

  return (
    <section className="card" aria-labelledby={titleId} data-testid={`loan-${loan.source}`}>
      <h2 id={titleId}>{loan.label}</h2>
      <label htmlFor={`${titleId}-pool`}>Keel pool</label>{" "}
      <select id={`${titleId}-pool`} value={String(poolId)} onChange={(e) => setPoolId(BigInt(e.target.value))}>
        {pools.map((p) => (
          <option key={String(p.id)} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </select>
      <div className="table-scroll">
        <table className="comparison">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Figure</span>
              </th>
              <th scope="col">{loan.source === "aave" ? "Aave v3 now" : "Morpho Blue now"}</th>
              <th scope="col">On Keel after the move</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Collateral</th>
              <td>{c(loan.collateral)}</td>
              <td>{c(loan.collateral)}</td>
            </tr>
            <tr>
              <th scope="row">Debt</th>
              <td>{d(loan.debt)}</td>
              <td>{keel ? `${d(keel.borrow)} (the debt, interest until the block, and the flash fee)` : "…"}</td>
            </tr>
            <tr>
              <th scope="row">Borrow rate</th>
              <td>
                {loan.borrowRate === undefined
                  ? "the market's"
                  : `${percent(rateToApy(loan.borrowRate / (365n * 24n * 3600n)))} APY`}
              </td>
              <td>{keel ? `${percent(keel.borrowApy)} APY` : "…"}</td>
            </tr>
            <tr>
              <th scope="row">Health factor</th>
              <td>
                <HealthFactor
                  value={loan.healthFactor}
                  label={loan.source === "aave" ? "on Aave (whole account)" : "on Morpho"}
                />
              </td>
              <td data-testid="keel-health">
                {keel ? <HealthFactor value={keel.healthFactor} label="on Keel" /> : "…"}
              </td>
            </tr>
            {keel?.liquidation.map((l) => (
              <tr key={l.symbol}>
                <th scope="row">{l.symbol} liquidation price on Keel</th>
                <td>—</td>
                <td>{formatUsdWad(l.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => void migrate()}
          disabled={!keel || status.phase === "busy"}
          data-testid="migrate-send"
        >
          Sign and move to Keel
        </button>
      </div>
      <p aria-live="polite" data-testid="migrate-status" className={`status status-${status.phase}`}>
        {status.text}
      </p>
    </section>
  );
}
