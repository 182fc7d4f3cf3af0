import { getVault, transferVault, type VaultInfo } from "@keel/sdk";
import type { Command } from "commander";
import { type Address, isAddressEqual, zeroAddress } from "viem";
import {
  kusdTransaction,
  type PayingPlan,
  parseVaultId,
  readVault,
  requireCdp,
  requireVaultActor,
  type SentWithApproval,
} from "../../lib/cdp.ts";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { parseAddress, requireOption } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";
import { runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";
import { collateralText, kusdText, thinRatioWarnings, vaultRows } from "../../lib/vaultRatio.ts";

type TransferPlan = PayingPlan & { vault: VaultInfo };
type Transferred = Awaited<ReturnType<typeof transferVault>>;

/**
 * `keel vault transfer <vault> --to <address>`: gives the vault, its collateral and its debt, to another
 * owner. Only the owner may (not an operator); the address is checked before anything is read.
 */
function transferTransaction(
  context: SignerContext,
  id: string,
  options: { to?: string },
): TransactionDescriptor<TransferPlan, SentWithApproval<Transferred>> {
  const { engine } = requireCdp(context);
  const sender = context.account.address;
  // Typing mistakes, and the two addresses that make no sense, are refused before the chain is asked.
  const vaultId = parseVaultId(id);
  const to: Address = parseAddress(requireOption(options.to, "--to"), "--to");
  if (isAddressEqual(to, zeroAddress))
    throw new UsageError("--to is the zero address: nobody could ever use the vault again, so the engine refuses it.");
  if (isAddressEqual(to, sender))
    throw new UsageError(`--to is your own address (${sender}): a vault you own is already yours.`);
  return kusdTransaction<TransferPlan, Transferred>(context, {
    plan: async () => {
      const vault = await readVault(context, engine, vaultId);
      // The engine lets only the owner transfer: operators may withdraw and mint, never give the vault away.
      await requireVaultActor(context, engine, vault, "owner");
      return { vault, payment: undefined };
    },
    preview: ({ vault }) => [
      ["Operation", `give vault ${vaultId} (${vault.type.symbol ?? "collateral"}) to ${to}`],
      ["Collateral", collateralText(vault.collateral, vault.type)],
      ...vaultRows(vault.type, undefined, vault),
      ["Auction", vault.auction ? "running: the new owner gets what it leaves" : "none"],
    ],
    warnings: ({ vault }) => [
      `The vault, its ${collateralText(vault.collateral, vault.type)} and its debt of ${kusdText(vault.debt)} become ${to}'s: only that address (and the operators it approves) can withdraw, mint or close it, and you cannot take it back.`,
      ...thinRatioWarnings(vault.type, vault),
    ],
    json: () => ({ operation: "transfer", vaultId, from: sender, to }),
    send: () => transferVault(context.walletClient, { engine, vaultId, to }),
    report: async ({ vault }, sent) => {
      const after = await getVault(context.publicClient, { engine, vaultId });
      return {
        sentence: `Gave vault ${vaultId} to ${after.owner} in ${sent.hash}: ${collateralText(after.collateral, vault.type)}, debt ${kusdText(after.debt)}.`,
        json: { hash: sent.hash, owner: after.owner },
      };
    },
  });
}

/** `keel vault transfer`. */
export function registerVaultTransfer(vault: Command): void {
  vault
    .command("transfer")
    .description("Give a vault you own, with its collateral and debt, to another address.")
    .argument("<vault>", "the vault id")
    .option("--to <address>", "the new owner")
    .action(
      action(async (id: string, options: { to?: string }, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, transferTransaction(context, id, options));
      }),
    );
}
