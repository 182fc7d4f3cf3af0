import { toWad } from "../format.ts";

/**
 * A level rule's threshold, the value a recovery must reach to re-arm it (the hysteresis), and its
 * escalation step, all WAD. By default a falling value (a health factor, a ratio) re-arms 0.05 above its
 * threshold, and a rising one (a drop, a depeg, a utilization) a tenth of the threshold below it.
 */
export function levels(
  direction: "below" | "above",
  threshold: number | bigint,
  recoverBy: number | undefined,
  step: number | undefined,
) {
  const t = typeof threshold === "bigint" ? threshold : toWad(threshold);
  const by = recoverBy !== undefined ? toWad(recoverBy) : direction === "below" ? toWad(0.05) : t / 10n;
  return {
    threshold: t,
    recover: direction === "below" ? t + by : t - by,
    step: step === undefined ? 0n : toWad(step),
    direction,
  };
}
