import { formatHealthFactor, HEALTH_WORDS, healthBand } from "../lib/format.ts";

/** A health factor with its band in words and colour (the words carry the meaning; colour only adds). */
export function HealthFactor({ value, label = "Health factor" }: { value: bigint | undefined; label?: string }) {
  const band = healthBand(value);
  return (
    <span className={`health health-${band}`} data-testid="health-factor" data-band={band}>
      <span className="visually-hidden">{label}: </span>
      {value === undefined ? "—" : formatHealthFactor(value)} <small>({HEALTH_WORDS[band]})</small>
    </span>
  );
}
