// A browser wallet for the tests: the page gets an EIP-1193 `window.ethereum`, announced over EIP-6963
// as "Keel Test Wallet", whose every request crosses to Node, where a viem account signs and the devnet
// answers the rest. The test can make the wallet decline the next request, as a user would.
import type { BrowserContext } from "playwright-core";
import { createWalletClient, type Hex, http, numberToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

type RpcTransaction = { to?: Hex; data?: Hex; value?: Hex; gas?: Hex; nonce?: Hex };

export type TestWallet = { address: Hex; declineNext(): void; requests: string[] };

export async function injectWallet(
  context: BrowserContext,
  options: { privateKey: Hex; rpcUrl: string; chainId: number },
): Promise<TestWallet> {
  const account = privateKeyToAccount(options.privateKey);
  const client = createWalletClient({ account, transport: http(options.rpcUrl) });
  let decline = false;
  // Like a real wallet, it shares no account with a site until the user connects (eth_requestAccounts).
  let connected = false;
  const requests: string[] = [];
  await context.exposeFunction("__keelWalletRequest", async (method: string, paramsJson: string) => {
    requests.push(method);
    const params = JSON.parse(paramsJson ?? "[]") as unknown[];
    const signing = ["eth_sendTransaction", "personal_sign", "eth_signTypedData_v4", "eth_requestAccounts"].includes(
      method,
    );
    if (signing && decline) {
      decline = false;
      return { error: { code: 4001, message: "User rejected the request." } };
    }
    try {
      switch (method) {
        case "eth_accounts":
          return { result: connected ? [account.address] : [] };
        case "eth_requestAccounts":
          connected = true;
          return { result: [account.address] };
        case "eth_chainId":
          return { result: numberToHex(options.chainId) };
        case "wallet_switchEthereumChain":
          return { result: null };
        case "personal_sign":
          return { result: await account.signMessage({ message: { raw: params[0] as Hex } }) };
        case "eth_signTypedData_v4":
          return { result: await account.signTypedData(JSON.parse(params[1] as string)) };
        case "eth_sendTransaction": {
          const tx = params[0] as RpcTransaction;
          const hash = await client.sendTransaction({
            account,
            chain: null,
            to: tx.to,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : undefined,
            gas: tx.gas ? BigInt(tx.gas) : undefined,
          });
          return { result: hash };
        }
        default:
          return { result: await client.request({ method, params } as never) };
      }
    } catch (error) {
      const e = error as {
        code?: number;
        shortMessage?: string;
        message: string;
        data?: unknown;
        cause?: { data?: unknown };
      };
      return { error: { code: e.code ?? -32603, message: e.shortMessage ?? e.message, data: e.data ?? e.cause?.data } };
    }
  });
  // Plain JavaScript, given as text: a function would be serialized from the test's transpiled source,
  // which may call helpers the page does not have.
  await context.addInitScript({ content: PAGE_WALLET });
  return {
    address: account.address,
    requests,
    declineNext() {
      decline = true;
    },
  };
}

/** The page's side of the wallet: an EIP-1193 provider, announced over EIP-6963 and set as window.ethereum. */
const PAGE_WALLET = `(() => {
  const listeners = new Map();
  const provider = {
    isKeelTestWallet: true,
    async request({ method, params }) {
      const answer = await window.__keelWalletRequest(method, JSON.stringify(params ?? []));
      if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
  };
  const info = Object.freeze({
    uuid: "6f2c1e38-6d1b-4c1a-9a55-5b7c8f0b1a11",
    name: "Keel Test Wallet",
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'%3E%3Crect width='8' height='8' fill='%2312355b'/%3E%3C/svg%3E",
    rdns: "dev.keel.testwallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  window.ethereum = provider;
})();`;
