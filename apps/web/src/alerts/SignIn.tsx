// Sign-In with Ethereum (EIP-4361) to the monitor: a nonce from the monitor, a message for this app's
// origin and network, signed in the wallet (personal_sign), and the monitor's session token back.
import { useState } from "react";
import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import { useSignMessage } from "wagmi";
import { useAppConfig } from "../chain/context.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { getNonce, type Session, verifySignIn } from "./api.ts";

export function SignIn({
  monitorUrl,
  address,
  notice,
  onSignedIn,
}: {
  monitorUrl: string;
  address: Address;
  /** Why a sign-in is asked for again (a session that ended), if it is. */
  notice?: string;
  onSignedIn: (session: Session) => void;
}) {
  const { network } = useAppConfig();
  const { mutateAsync: signMessage } = useSignMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const signIn = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { nonce } = await getNonce(monitorUrl);
      const message = createSiweMessage({
        domain: window.location.host,
        uri: window.location.origin,
        address,
        version: "1",
        chainId: network.chainId,
        nonce,
        statement: "Sign in to manage your Keel alerts. This costs nothing and sends no transaction.",
        issuedAt: new Date(),
      });
      const signature = await signMessage({ account: address, message });
      onSignedIn(await verifySignIn(monitorUrl, message, signature));
    } catch (caught) {
      setError(sentenceOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="alerts-signin card">
      {notice && <p className="warning">{notice}</p>}
      <p>
        Alerts are kept by the monitor, for your own address only. Sign a message with your wallet to show the monitor
        this address is yours; it costs nothing and sends no transaction.
      </p>
      <button type="button" onClick={signIn} disabled={busy} data-testid="siwe">
        {busy ? "Waiting for your wallet…" : "Sign in with Ethereum"}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
