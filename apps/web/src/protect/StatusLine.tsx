// The outcome of a send, announced politely: what to confirm in the wallet, then what was done or why not.
export type Status = { phase: "idle" | "busy" | "done" | "failed"; text: string };

export function StatusLine({ status, testId }: { status: Status; testId: string }) {
  return (
    <p aria-live="polite" data-testid={testId} className={`status status-${status.phase}`}>
      {status.phase === "idle" ? "" : status.text}
    </p>
  );
}
