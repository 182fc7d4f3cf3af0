// One send at a time per form: a double click or a second Enter while the wallet is still opening must
// not start a second approval or transaction. A ref, not state, so the second click sees it at once.
import { useRef } from "react";

export function useSingleFlight() {
  const running = useRef(false);
  return async function once(task: () => Promise<void>): Promise<void> {
    if (running.current) return;
    running.current = true;
    try {
      await task();
    } finally {
      running.current = false;
    }
  };
}
