import type { KeyState } from "../store/store.ts";
import type { LevelObservation } from "./types.ts";

/** What a level observation does to its key: nothing, a new state, and maybe an alert. */
export type Decision = { next?: KeyState; emit?: { kind: "fired" | "escalated"; escalation: number } };

const worse = (o: LevelObservation, a: bigint, b: bigint) => (o.direction === "below" ? a < b : a > b);

/**
 * The firing rules, per dedup key:
 * - armed, and the value is past the threshold: fire, unless the key fired within its cooldown (chain
 *   time), in which case it stays armed and fires on the first block after the cooldown that is still
 *   past the threshold;
 * - firing, and the value got worse than the last alert's by the escalation step or more: escalate;
 * - firing, and the value is back past the recovery level (threshold + hysteresis): re-arm, silently;
 * - anything else, including a value between the threshold and the recovery level: no change.
 */
export function decide(
  o: LevelObservation,
  state: KeyState | undefined,
  now: bigint,
  cooldownSeconds: number,
): Decision {
  if (state === undefined || !state.firing) {
    if (!worse(o, o.value, o.threshold)) return {};
    if (state !== undefined && state.firedAt > 0n && now < state.firedAt + BigInt(cooldownSeconds)) return {};
    return {
      next: { firing: true, level: o.value, firedAt: now, escalation: 0 },
      emit: { kind: "fired", escalation: 0 },
    };
  }
  const recovered = o.direction === "below" ? o.value >= o.recover : o.value <= o.recover;
  if (recovered) return { next: { ...state, firing: false } };
  if (o.step > 0n) {
    const bar = o.direction === "below" ? state.level - o.step : state.level + o.step;
    if (!worse(o, bar, o.value)) {
      const escalation = state.escalation + 1;
      return {
        next: { firing: true, level: o.value, firedAt: now, escalation },
        emit: { kind: "escalated", escalation },
      };
    }
  }
  return {};
}
