import { type Address, type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** Hardhat node's default mnemonic: its accounts are public knowledge and hold 10,000 ETH each. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * What each default account is for, by index. `label` names one account (`keel --account <label>`);
 * `role` is its kind, which tools match on (the CLI signs as the `newcomer` unless told otherwise).
 */
const ACCOUNTS = [
  { label: "deployer", role: "deployer", about: "deployed Keel; risk admin of every pool; Uniswap liquidity" },
  { label: "lender", role: "lender", about: "supplies WETH, WBTC, wstETH, USDC, DAI and kUSD to the core pool" },
  { label: "isolated-lender", role: "lender", about: "supplies USDC to WBTC / USDC and WETH to wstETH / WETH" },
  {
    label: "safe-borrower",
    role: "borrower",
    about: "core pool: WETH collateral, USDC debt, health ≈ 2.5; ETH vault at 300%",
  },
  {
    label: "moderate-borrower",
    role: "borrower",
    about: "core pool: WBTC collateral, USDC debt, health ≈ 1.5; wstETH vault at 200%",
  },
  {
    label: "risky-borrower",
    role: "borrower",
    about: "core pool: WETH collateral, DAI debt, health ≈ 1.15; ETH vault at 160%",
  },
  {
    label: "edge-borrower",
    role: "borrower",
    about: "core pool: WETH collateral, USDC debt, health ≈ 1.05; ETH vault at 155%",
  },
  {
    label: "emode-looper",
    role: "borrower",
    about: "core pool, ETH e-mode: wstETH collateral, WETH debt, health ≈ 1.08",
  },
  { label: "isolated-borrower", role: "borrower", about: "WBTC / USDC health ≈ 1.6; wstETH / WETH health ≈ 1.2" },
  { label: "newcomer", role: "newcomer", about: "every token in the wallet, no positions: try keel supply / borrow" },
  // Positions on the peer protocols (opened by the Devnet Ignition module, not here), for `keel migrate`.
  {
    label: "aave-borrower",
    role: "borrower",
    about: "Aave v3: WETH collateral, USDC debt, health ≈ 1.6; no Keel positions",
  },
  {
    label: "morpho-borrower",
    role: "borrower",
    about: "Morpho Blue WETH/USDC: WETH collateral, USDC debt, health ≈ 1.6; no Keel positions",
  },
  {
    label: "keeper",
    role: "keeper",
    about: "runs `keel keeper` (npm start): flash loans fund it; its tokens cover what the pool cannot lend",
  },
] as const;

/** A devnet account's label. */
export type AccountLabel = (typeof ACCOUNTS)[number]["label"];

/** A default account with its label and role. */
export type TestAccount = { label: AccountLabel; role: string; address: Address; privateKey: Hex };

/** The first thirteen default accounts of Hardhat's node (it has twenty), with their keys, labels and roles. */
export function testAccounts(): TestAccount[] {
  return ACCOUNTS.map(({ label, role }, addressIndex) => {
    const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex });
    const privateKey = account.getHdKey().privateKey;
    if (privateKey === null) throw new Error(`no private key derived for account ${addressIndex}`);
    return { label, role, address: account.address, privateKey: toHex(privateKey) };
  });
}

/** What a devnet account does, for the start-up summary. */
export function aboutAccount(label: string): string {
  return ACCOUNTS.find((account) => account.label === label)?.about ?? "";
}
