import type { SendStatus } from "./useSend.ts";

/** The form's outcome, announced politely: what to confirm, then what was done or why it failed. */
export function StatusLine({ status }: { status: SendStatus }) {
  return (
    <p aria-live="polite" data-testid="status" className={`status status-${status.phase}`}>
      {status.phase === "idle" ? "" : status.text}
    </p>
  );
}
