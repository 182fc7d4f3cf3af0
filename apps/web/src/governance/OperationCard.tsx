// One timelock operation: its calls in plain words, when it may execute, and (when queued) what it does
// to the account's health factor in each pool it touches.

import type { AccountSnapshot } from "@keel/sdk";
import { decodeGovernanceCall, type GovernanceCall, governanceTargets, type PoolSnapshot } from "@keel/sdk";
import type { Address } from "viem";
import { useAppConfig } from "../chain/context.tsx";
import { HealthFactor } from "../components/HealthFactor.tsx";
import { shortAddress } from "../lib/format.ts";
import {
  describeCall,
  effectWords,
  type KnownPool,
  poolChangesOf,
  poolTitle,
  positionEffect,
  type TimelockOperation,
  whenExecutable,
} from "../lib/governance.ts";

/** The manifest's pools by id, each with its snapshot where the page read one. */
export function useKnownPools(snapshots: Map<string, PoolSnapshot> | undefined): Map<string, KnownPool> {
  const { deployment } = useAppConfig();
  return new Map(deployment.pools.map((p) => [p.id, { name: p.name, snapshot: snapshots?.get(p.id) }]));
}

/** Each call of the operation decoded against the deployment's contracts (undefined: not Keel's). */
export function useDecodedCalls(op: TimelockOperation): (GovernanceCall | undefined)[] {
  const { deployment } = useAppConfig();
  const targets = governanceTargets(deployment);
  return op.calls.map((c) => decodeGovernanceCall(targets, c.target, c.data));
}

export function useCollateralTypeName() {
  const { deployment } = useAppConfig();
  return (typeId: bigint) =>
    deployment.cdp?.collateralTypes.find((t) => BigInt(t.id) === typeId)?.name ?? `type ${typeId}`;
}

const STATUS_WORDS = { waiting: "Queued", ready: "Ready to execute", executed: "Executed", cancelled: "Cancelled" };

export function QueuedOperation({
  op,
  now,
  pools,
  accounts,
  account,
  block,
}: {
  op: TimelockOperation;
  now: bigint;
  pools: Map<string, KnownPool>;
  accounts: Map<string, AccountSnapshot> | undefined;
  account: Address | undefined;
  block: bigint | undefined;
}) {
  const calls = useDecodedCalls(op);
  const typeName = useCollateralTypeName();
  const titleId = `op-${op.timelock}-${op.id}`;
  const poolIds = [...new Set(calls.flatMap((c) => (c?.kind === "pool" ? [String(c.change.poolId)] : [])))];
  const effects = poolIds.flatMap((id) => {
    const snapshot = pools.get(id)?.snapshot;
    const position = accounts?.get(id);
    if (!snapshot || !position) return [];
    const effect = positionEffect(snapshot, position, poolChangesOf(calls, BigInt(id)));
    return effect ? [{ id, effect }] : [];
  });
  const read = poolIds.every((id) => pools.get(id)?.snapshot && (account === undefined || accounts?.has(id)));
  return (
    <article
      className="gov-operation"
      aria-labelledby={titleId}
      data-testid="queued-operation"
      data-operation={op.id}
      data-status={op.status}
    >
      <h3 id={titleId}>
        Operation <code title={op.id}>{shortAddress(op.id)}</code>{" "}
        <span className={`gov-status gov-status-${op.status}`}>{STATUS_WORDS[op.status]}</span>
      </h3>
      <ul className="gov-calls">
        {op.calls.map((raw, i) => (
          <li key={raw.index} data-testid="change">
            {describeCall(calls[i], raw, pools, typeName)}
          </li>
        ))}
      </ul>
      <p data-testid="when">
        {whenExecutable(op.readyAt, now).replace(/^e/, "E")}. Queued in block {String(op.scheduledBlock)} on timelock{" "}
        <code title={op.timelock}>{shortAddress(op.timelock)}</code> with a delay of {String(op.delay)} s.
      </p>
      {account === undefined ? null : poolIds.length === 0 ? (
        <p>It changes no pool parameter, so no health factor moves.</p>
      ) : !read ? (
        <p aria-live="polite">Valuing your positions…</p>
      ) : effects.length === 0 ? (
        <p data-testid="no-effect">None of this account's positions with debt uses what it changes.</p>
      ) : (
        <table className="gov-effects" data-testid="effects" data-block={block === undefined ? "" : String(block)}>
          <caption>Health factor of this account, now and once the operation executes</caption>
          <thead>
            <tr>
              <th scope="col">Pool</th>
              <th scope="col">Now</th>
              <th scope="col">After</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {effects.map(({ id, effect }) => (
              <tr key={id} data-testid="effect" data-pool={id}>
                <th scope="row">{poolTitle(pools.get(id)?.name ?? `pool ${id}`)}</th>
                <td data-testid="hf-before" data-value={String(effect.before)}>
                  <HealthFactor value={effect.before} label="Now" />
                </td>
                <td data-testid="hf-after" data-value={String(effect.after)}>
                  <HealthFactor value={effect.after} label="After" />
                </td>
                <td data-testid="outcome" className={effect.becomesLiquidatable ? "gov-warning" : undefined}>
                  {effectWords(effect)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
