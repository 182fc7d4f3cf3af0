// A planned flow before signing: the swap (route, size, the least it may fetch, its price against the
// oracles), the flash loan, each position that moves, and the health factor before and after.
import { expectedReserveState, type PoolFlowPlan, type PoolSnapshot, SharesMathLib } from "@keel/sdk";
import { formatBps, formatUsdWad, tokens } from "../lib/format.ts";
import { symbolOf } from "../lib/market.ts";
import { liquidationPrices } from "../lib/plan.ts";
import { HealthFactor } from "./HealthFactor.tsx";

function tokenText(pool: PoolSnapshot, token: string, units: bigint): string {
  const reserve = pool.reserves.find((r) => r.config.asset.toLowerCase() === token.toLowerCase());
  return reserve ? tokens(units, reserve.config.decimals, symbolOf(reserve)) : `${units} units of ${token}`;
}

const debtOf = (pool: PoolSnapshot, index: number, shares: bigint) => {
  const state = expectedReserveState(pool.reserves[index], pool.timestamp);
  return SharesMathLib.toAssetsUp(shares, state.totalBorrowAssets, state.totalBorrowShares);
};

export function FlowPreview({ plan, oneTime, permit }: { plan: PoolFlowPlan; oneTime: boolean; permit: boolean }) {
  const pool = plan.before.pool;
  const { swap, flash } = plan;
  const rows: [string, string][] = [
    [
      "Swap",
      `${tokenText(pool, swap.tokenIn, swap.amountIn)} → about ${tokenText(pool, swap.tokenOut, swap.quotedOut)}`,
    ],
    ["At least", tokenText(pool, swap.tokenOut, swap.minOut)],
    [
      "Route",
      swap.path
        .map((t) => pool.reserves.find((r) => r.config.asset.toLowerCase() === t.toLowerCase())?.symbol ?? t)
        .join(" → "),
    ],
    ["Price against the oracles", `${formatBps(swap.deviationBps)} below fair value`],
  ];
  if (flash)
    rows.push([
      "Flash loan",
      `${tokenText(pool, flash.token, flash.amount)}, fee ${tokenText(pool, flash.token, flash.fee)}`,
    ]);
  for (const reserve of pool.reserves) {
    const before = plan.before.account.positions[reserve.index];
    const after = plan.after.account.positions[reserve.index];
    const symbol = symbolOf(reserve);
    const d = reserve.config.decimals;
    if (before.collateral !== after.collateral) {
      rows.push([
        `Collateral ${symbol}`,
        `${tokens(before.collateral, d, symbol)} → ${tokens(after.collateral, d, symbol)}`,
      ]);
    }
    if (before.debtShares !== after.debtShares) {
      const was = debtOf(pool, reserve.index, before.debtShares);
      const will = debtOf(plan.after.pool, reserve.index, after.debtShares);
      rows.push([`Debt ${symbol}`, `${tokens(was, d, symbol)} → ${will === 0n ? "none" : tokens(will, d, symbol)}`]);
    }
  }
  rows.push([
    "Signatures",
    [
      oneTime ? "the bundler's authorization for this transaction only, and its revoke" : "",
      permit ? "a permit for the deposit" : "",
    ]
      .filter(Boolean)
      .join("; ") ||
      "none: you have authorized the bundler already, a standing permission this transaction leaves in place (revoke it below the form)",
  ]);
  const after = plan.after.healthFactor;
  return (
    <dl className="preview" data-testid="flow-preview">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div>
        <dt>Health factor</dt>
        <dd data-testid="flow-health">
          <HealthFactor value={plan.before.healthFactor} label="before" /> →{" "}
          <HealthFactor value={after} label="after" />
        </dd>
      </div>
      {liquidationPrices(plan.after.pool, plan.after.account).map((l) => (
        <div key={l.symbol}>
          <dt>{l.symbol} liquidation price</dt>
          <dd>{formatUsdWad(l.usd)}</dd>
        </div>
      ))}
      {after !== undefined && after < 12n * 10n ** 17n && (
        <p role="alert" className="warning">
          The health factor after this would be low: a 10% price move could make the account liquidatable.
        </p>
      )}
    </dl>
  );
}
