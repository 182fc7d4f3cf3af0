// What if prices fall: a slider lowers one collateral's price (or all of them) and shows the health
// factor the pool would compute then.
import type { AccountSnapshot, PoolSnapshot } from "@keel/sdk";
import { useId, useState } from "react";
import { symbolOf } from "../lib/market.ts";
import { healthAfterDrop } from "../lib/whatIf.ts";
import { HealthFactor } from "./HealthFactor.tsx";

export function PriceDrop({ pool, account }: { pool: PoolSnapshot; account: AccountSnapshot }) {
  const id = useId();
  const [drop, setDrop] = useState(0);
  const [target, setTarget] = useState<string>("all");
  const held = pool.reserves.filter((r) => account.positions[r.index].collateral > 0n);
  const reserve = target === "all" ? undefined : Number(target);
  const health = healthAfterDrop(pool, account, drop * 100, reserve);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>What if prices fall?</h3>
      <div className="what-if">
        <label htmlFor={`${id}-asset`}>Collateral</label>
        <select id={`${id}-asset`} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="all">all my collateral</option>
          {held.map((r) => (
            <option key={r.index} value={r.index}>
              {symbolOf(r)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-drop`}>Price drop: {drop}%</label>
        <input
          id={`${id}-drop`}
          type="range"
          min={0}
          max={90}
          step={1}
          value={drop}
          onChange={(e) => setDrop(Number(e.target.value))}
          data-testid="price-drop"
        />
        <p>
          Health factor then: <HealthFactor value={health} />
        </p>
      </div>
    </section>
  );
}
