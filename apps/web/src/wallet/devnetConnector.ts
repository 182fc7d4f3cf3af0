// A wagmi connector for the devnet's seeded accounts: a developer picks "moderate-borrower" or
// "newcomer" from a list and acts as that account, with no browser extension. Offered only when the
// server says the network is a devnet. The chosen account is remembered across reloads.

import { type Chain, getAddress, type Hex } from "viem";
import { createConnector } from "wagmi";
import type { LocalProvider } from "./localProvider.ts";

export type TestAccount = { label: string; role: string; address: Hex; privateKey: Hex };

export const DEVNET_CONNECTOR_ID = "keel-devnet";
const CHOSEN = "keel.devnet.account";

/** The account the devnet connector signs as: the one chosen last, else the newcomer. */
export function chosenTestAccount(accounts: TestAccount[]): TestAccount {
  const label = globalThis.localStorage?.getItem(CHOSEN);
  return accounts.find((a) => a.label === label) ?? accounts.find((a) => a.role === "newcomer") ?? accounts[0];
}

export function devnetAccounts(accounts: TestAccount[], chain: Chain) {
  let provider: LocalProvider | undefined;
  // The signer (and its elliptic-curve code) loads only when a test account is used, not with the app.
  const providerFor = async (account: TestAccount) => {
    if (provider?.account.address !== getAddress(account.address)) {
      const { createLocalProvider } = await import("./localProvider.ts");
      provider = createLocalProvider(account.privateKey, chain);
    }
    return provider;
  };
  return createConnector<LocalProvider, { switchTestAccount(label: string): void }>((config) => ({
    id: DEVNET_CONNECTOR_ID,
    name: "Devnet test account",
    type: "keelDevnet",
    async connect<withCapabilities extends boolean = false>() {
      const account = (await providerFor(chosenTestAccount(accounts))).account;
      return { accounts: [account.address] as never, chainId: chain.id } as {
        accounts: withCapabilities extends true ? never : readonly Hex[];
        chainId: number;
      };
    },
    async disconnect() {},
    async getAccounts() {
      return [(await providerFor(chosenTestAccount(accounts))).account.address];
    },
    async getChainId() {
      return chain.id;
    },
    async getProvider() {
      return providerFor(chosenTestAccount(accounts));
    },
    async isAuthorized() {
      return globalThis.localStorage?.getItem(CHOSEN) !== null;
    },
    async switchChain({ chainId }) {
      if (chainId !== chain.id) throw new Error("The devnet's test accounts live on the devnet only.");
      return chain;
    },
    onAccountsChanged(list) {
      config.emitter.emit("change", { accounts: list.map((a) => getAddress(a)) });
    },
    onChainChanged() {},
    onDisconnect() {
      config.emitter.emit("disconnect");
    },
    /** Switches to another seeded account by label (remembered), and tells wagmi. */
    switchTestAccount(label: string) {
      const account = accounts.find((a) => a.label === label);
      if (!account) throw new Error(`No devnet account is labelled ${label}.`);
      globalThis.localStorage?.setItem(CHOSEN, label);
      config.emitter.emit("change", { accounts: [getAddress(account.address)] });
    },
  }));
}
