import { type Address, type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** Hardhat node's default mnemonic: its accounts are public knowledge and hold 10,000 ETH each. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** What each default account is for on the devnet, by index. */
const ACCOUNT_ROLES = [
  { label: "deployer", role: "deploys Keel, risk admin of every pool, Uniswap liquidity provider" },
  { label: "lender", role: "supplies WETH, WBTC, wstETH, USDC and DAI to the core pool" },
  { label: "isolated-lender", role: "supplies USDC to WBTC / USDC and WETH to wstETH / WETH" },
  { label: "safe-borrower", role: "core pool: WETH collateral, USDC debt, health ≈ 2.5" },
  { label: "moderate-borrower", role: "core pool: WBTC collateral, USDC debt, health ≈ 1.5" },
  { label: "risky-borrower", role: "core pool: WETH collateral, DAI debt, health ≈ 1.15" },
  { label: "edge-borrower", role: "core pool: WETH collateral, USDC debt, health ≈ 1.05 (ETH −5% liquidates)" },
  { label: "emode-looper", role: "core pool, ETH e-mode: wstETH collateral, WETH debt, health ≈ 1.08" },
  { label: "isolated-borrower", role: "WBTC / USDC health ≈ 1.6; wstETH / WETH health ≈ 1.2" },
  { label: "newcomer", role: "every token in the wallet, no positions: try keel supply / borrow" },
] as const;

/** A devnet account's label. */
export type AccountLabel = (typeof ACCOUNT_ROLES)[number]["label"];

/** A default account with its role. */
export type TestAccount = { label: AccountLabel; role: string; address: Address; privateKey: Hex };

/** The ten default accounts of Hardhat's node, with their keys and devnet roles. */
export function testAccounts(): TestAccount[] {
  return ACCOUNT_ROLES.map(({ label, role }, addressIndex) => {
    const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex });
    const privateKey = account.getHdKey().privateKey;
    if (privateKey === null) throw new Error(`no private key derived for account ${addressIndex}`);
    return { label, role, address: account.address, privateKey: toHex(privateKey) };
  });
}
