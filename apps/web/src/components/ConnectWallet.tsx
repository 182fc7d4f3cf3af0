// Connecting a wallet: every wallet the browser announced (EIP-6963), any injected one, and on a devnet
// the seeded test accounts, one click each. Connected, it shows the address, lets a devnet user switch
// test account, and disconnects.
import { useState } from "react";
import { Link } from "react-router";
import { type Connector, useAccount, useConnect, useConnectors, useDisconnect } from "wagmi";
import { useAppConfig } from "../chain/context.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { shortAddress } from "../lib/format.ts";
import { chosenTestAccount, DEVNET_CONNECTOR_ID, type TestAccount } from "../wallet/devnetConnector.ts";

type DevnetConnector = Connector & { switchTestAccount(label: string): void };

export function ConnectWallet() {
  const { address, connector, isConnected } = useAccount();
  const connectors = useConnectors();
  const { connect, error, isPending } = useConnect();
  const { disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);
  const { deployment } = useAppConfig();
  const testAccounts = deployment.accounts as TestAccount[];

  if (isConnected && address) {
    const devnet = connector?.id === DEVNET_CONNECTOR_ID ? (connector as DevnetConnector) : undefined;
    return (
      <div className="wallet">
        {devnet && (
          <label>
            <span>Test account</span>
            <select
              data-testid="test-account"
              value={testAccounts.find((a) => a.address.toLowerCase() === address.toLowerCase())?.label}
              onChange={(event) => devnet.switchTestAccount(event.target.value)}
            >
              {testAccounts.map((a) => (
                <option key={a.label} value={a.label}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <Link to={`/account/${address}`} data-testid="connected-address" title={address}>
          {shortAddress(address)}
        </Link>
        <button type="button" className="secondary" onClick={() => disconnect()}>
          Disconnect
        </button>
      </div>
    );
  }
  // wagmi lists the injected fallback even when an EIP-6963 wallet announced the same provider: show it
  // only when nothing announced itself.
  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const shown = connectors.filter((c) => c.id !== "injected" || announced.length === 0);
  return (
    <div className="wallet">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="wallet-list"
        onClick={() => setOpen(!open)}
        disabled={isPending}
      >
        {isPending ? "Connecting…" : "Connect wallet"}
      </button>
      {open && (
        <ul id="wallet-list" className="wallet-list">
          {shown.map((c) => (
            <li key={c.uid}>
              <button
                type="button"
                onClick={() => {
                  if (c.id === DEVNET_CONNECTOR_ID)
                    localStorage.setItem("keel.devnet.account", chosenTestAccount(testAccounts).label);
                  connect({ connector: c }, { onSuccess: () => setOpen(false) });
                }}
              >
                {c.icon && <img src={c.icon} alt="" width={20} height={20} />}
                {c.id === DEVNET_CONNECTOR_ID ? `${c.name} (${chosenTestAccount(testAccounts).label})` : c.name}
              </button>
            </li>
          ))}
          {shown.length === 0 && <li>No wallet found in this browser.</li>}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {sentenceOf(error)}
        </p>
      )}
    </div>
  );
}
