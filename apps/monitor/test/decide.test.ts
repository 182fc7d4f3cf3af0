// The firing rules on their own, value by value: once per breach, hysteresis, escalation, cooldown.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decide } from "../src/engine/decide.ts";
import type { LevelObservation } from "../src/engine/types.ts";
import type { KeyState } from "../src/store/store.ts";

const WAD = 10n ** 18n;
const wad = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

/** Feeds `values` (one per block, 12 s apart) through decide for a rule; returns what each block emitted. */
function run(
  direction: "below" | "above",
  threshold: number,
  recover: number,
  step: number,
  cooldown: number,
  values: number[],
) {
  let state: KeyState | undefined;
  return values.map((value, i) => {
    const o = {
      kind: "level",
      direction,
      value: wad(value),
      threshold: wad(threshold),
      recover: wad(recover),
      step: wad(step),
    } as LevelObservation;
    const d = decide(o, state, BigInt(1_000 + i * 12), cooldown);
    if (d.next) state = d.next;
    return d.emit ? `${d.emit.kind}${d.emit.escalation || ""}` : "-";
  });
}

describe("firing rules", () => {
  it("a health factor fires once below the threshold, stays quiet while it persists, and re-arms only past the hysteresis", () => {
    // below 1.2, recover at 1.25
    const out = run("below", 1.2, 1.25, 0, 0, [1.3, 1.19, 1.18, 1.19, 1.21, 1.24, 1.19, 1.26, 1.19]);
    assert.deepEqual(out, ["-", "fired", "-", "-", "-", "-", "-", "-", "fired"]);
  });

  it("escalates each time the value is worse than the last alert's by the step", () => {
    const out = run("below", 1.2, 1.25, 0.05, 0, [1.19, 1.16, 1.14, 1.1, 1.09, 1.04, 1.2]);
    assert.deepEqual(out, ["fired", "-", "escalated1", "-", "escalated2", "escalated3", "-"]);
  });

  it("a cooldown holds a relapse until it has passed, then fires if the condition still holds", () => {
    // 12 s blocks, cooldown 60 s: fired at t=1000; recovered; relapse at t=1024 held until t ≥ 1060.
    const out = run("below", 1.2, 1.25, 0, 60, [1.1, 1.3, 1.1, 1.1, 1.1, 1.3, 1.3, 1.1]);
    assert.deepEqual(out, ["fired", "-", "-", "-", "-", "-", "-", "fired"]);
    const held = run("below", 1.2, 1.25, 0, 60, [1.1, 1.3, 1.1, 1.1, 1.1, 1.1, 1.1]);
    assert.deepEqual(held, ["fired", "-", "-", "-", "-", "fired", "-"], "fires at the first block past the cooldown");
  });

  it("works upward for drops, depegs and utilization", () => {
    const out = run("above", 90, 85, 5, 0, [80, 91, 94, 96, 88, 84, 92]);
    assert.deepEqual(out, ["-", "fired", "-", "escalated1", "-", "-", "fired"]);
    assert.equal(WAD, wad(1));
  });
});
