import type { Alert, Phase } from "../engine/types.ts";

const PREFIX: Record<Phase, string> = {
  alert: "",
  confirmed: "Confirmed: ",
  retracted: "Retracted (the block was reorganised away): ",
};

/** The one-line subject of an alert's message. */
export function subject(alert: Alert, phase: Phase): string {
  const level = alert.kind === "escalated" ? ` (worse, #${alert.escalation})` : "";
  return `${PREFIX[phase]}[${alert.severity.toUpperCase()}] ${alert.title}${level}`;
}

/** The alert as plain text: subject, figures, what to do, and where on the chain. */
export function plainText(alert: Alert, phase: Phase): string {
  const lines = [subject(alert, phase), "", ...alert.details];
  if (alert.fix.length > 0 && phase !== "retracted") lines.push("", "What to do:", ...alert.fix.map((f) => `- ${f}`));
  lines.push("", `Rule ${alert.rule} · chain ${alert.chainId} · block ${alert.block.number} · alert ${alert.id}`);
  return lines.join("\n");
}
