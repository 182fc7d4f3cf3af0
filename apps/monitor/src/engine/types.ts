import type { ResolvedRule } from "../rules/load.ts";
import type { Severity } from "../rules/schema.ts";

/** What an alert says: a title, the figures behind it, and what to do. */
export type AlertText = {
  title: string;
  /** Sentences with the figures (amounts, prices, times). */
  details: string[];
  /** What the recipient can do about it, computed with the SDK. */
  fix: string[];
  /** The figures as decimal strings, for machines. */
  data: Record<string, string>;
};

/**
 * A value a rule compares with its threshold each block (a health factor, a ratio, a drop). All WAD.
 * `render` is only called when the observation fires, so its fix may cost reads.
 */
export type LevelObservation = {
  kind: "level";
  rule: ResolvedRule;
  /** What it is about, for the dedup key: "0:0x…" (pool, account), "vault:3", "WETH". */
  subject: string;
  value: bigint;
  /** Worse means lower (a health factor) or higher (a drop, a utilization). */
  direction: "below" | "above";
  threshold: bigint;
  /** The value a recovery must reach to re-arm the rule (the threshold plus the hysteresis). */
  recover: bigint;
  /** Alert again each time the value gets worse by this much; 0 never. */
  step: bigint;
  render: (escalation: number) => Promise<AlertText>;
};

/** Something that happened once, in a log: an auction, a liquidation, an execution, an operation. */
export type EventObservation = {
  kind: "event";
  rule: ResolvedRule;
  /** The log's identity, "<tx hash>:<log index>". */
  subject: string;
  render: () => Promise<AlertText>;
};

export type Observation = LevelObservation | EventObservation;

/** An alert as stored and delivered. */
export type Alert = {
  id: string;
  key: string;
  rule: string;
  condition: string;
  severity: Severity;
  /** fired: first time; escalated: worse by a step while firing; event: a one-off. */
  kind: "fired" | "escalated" | "event";
  escalation: number;
  chainId: number;
  block: { number: string; hash: string; timestamp: string };
} & AlertText;

/** A delivery's phase: the alert itself, then (finality "early") its confirmation or retraction. */
export type Phase = "alert" | "confirmed" | "retracted";
