// The monitor session of this tab: kept in sessionStorage (gone when the tab closes), one per monitor,
// and used only for the address that signed in and only until it expires.
import type { Address } from "viem";
import type { Session } from "./api.ts";

const key = (monitorUrl: string) => `keel.alerts.session:${monitorUrl}`;

export function loadSession(monitorUrl: string, address: Address | undefined): Session | undefined {
  if (address === undefined) return undefined;
  try {
    const raw = sessionStorage.getItem(key(monitorUrl));
    if (raw === null) return undefined;
    const session = JSON.parse(raw) as Session;
    if (session.address.toLowerCase() !== address.toLowerCase()) return undefined;
    if (Date.parse(session.expiresAt) <= Date.now()) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

export function saveSession(monitorUrl: string, session: Session): void {
  sessionStorage.setItem(key(monitorUrl), JSON.stringify(session));
}

export function forgetSession(monitorUrl: string): void {
  sessionStorage.removeItem(key(monitorUrl));
}
