// An EIP-1193 provider around a key held in the page: the devnet's seeded accounts sign here, and
// everything else is the node's. Used for the devnet only (its keys are public); a real network is
// reached through the user's own wallet.
import { type Chain, createWalletClient, type Hex, http, numberToHex, type TransactionRequest } from "viem";
import { type LocalAccount, privateKeyToAccount } from "viem/accounts";

export type LocalProvider = {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): void;
  removeListener(event: string, listener: (...args: unknown[]) => void): void;
  account: LocalAccount;
};

type RpcTransaction = { from?: Hex; to?: Hex; data?: Hex; value?: Hex; gas?: Hex; nonce?: Hex };

export function createLocalProvider(privateKey: Hex, chain: Chain): LocalProvider {
  const account = privateKeyToAccount(privateKey);
  const client = createWalletClient({ account, chain, transport: http(chain.rpcUrls.default.http[0]) });
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    account,
    async request({ method, params }) {
      const list = (params ?? []) as unknown[];
      switch (method) {
        case "eth_accounts":
        case "eth_requestAccounts":
          return [account.address];
        case "eth_chainId":
          return numberToHex(chain.id);
        case "wallet_switchEthereumChain":
          if (Number((list[0] as { chainId: Hex }).chainId) !== chain.id)
            throw new Error("This test account lives on the devnet only.");
          return null;
        case "personal_sign":
          return account.signMessage({ message: { raw: list[0] as Hex } });
        case "eth_signTypedData_v4":
          return account.signTypedData(JSON.parse(list[1] as string));
        case "eth_sendTransaction": {
          const tx = list[0] as RpcTransaction;
          const request: TransactionRequest = {
            to: tx.to,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : undefined,
            gas: tx.gas ? BigInt(tx.gas) : undefined,
            nonce: tx.nonce ? Number(tx.nonce) : undefined,
          };
          return client.sendTransaction({ ...request, account, chain } as Parameters<typeof client.sendTransaction>[0]);
        }
        default:
          return client.request({ method, params } as Parameters<typeof client.request>[0]);
      }
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
  };
}
