import { readFile } from "node:fs/promises";
import {
  type Authorization,
  setAuthorization,
  setAuthorizationWithSig,
  verifyAuthorization,
  type WriteReturnType,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address, Hex } from "viem";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { parseAddress } from "../../lib/input.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";

type AuthorizeOptions = { revoke?: boolean; signature?: string };

/** Reads a file written by `keel sign-authorization` and checks its shape. */
async function readSigned(file: string): Promise<{ authorization: Authorization; signature: Hex }> {
  let parsed: { authorization?: Record<string, string | boolean>; signature?: string };
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`Cannot read a signed authorization from ${file}: ${(error as Error).message}`);
  }
  const a = parsed.authorization;
  if (!a || typeof parsed.signature !== "string") {
    throw new UsageError(
      `${file} is not a signed authorization (expected the JSON \`keel sign-authorization\` prints).`,
    );
  }
  return {
    authorization: {
      authorizer: parseAddress(String(a.authorizer), "authorizer"),
      operator: parseAddress(String(a.operator), "operator"),
      isAuthorized: a.isAuthorized === true,
      nonce: BigInt(String(a.nonce)),
      deadline: BigInt(String(a.deadline)),
    },
    signature: parsed.signature as Hex,
  };
}

/**
 * What `keel authorize` sends: the signer's own grant or revocation, or someone's signed one that the
 * signer submits (paying the gas).
 */
type AuthorizationPlan =
  | { signed: { authorization: Authorization; signature: Hex }; file: string }
  | { signed?: undefined; operator: Address; isAuthorized: boolean };

/** `keel authorize` as the CLI's one transaction flow describes it. */
function authorizationDescriptor(
  context: SignerContext,
  operator: string | undefined,
  options: AuthorizeOptions,
): TransactionDescriptor<AuthorizationPlan, WriteReturnType> {
  const pool = context.deployment.contracts.pool;
  const signer = `${context.account.address} (${context.accountSource})`;
  return {
    plan: async () => {
      if (options.signature) {
        const signed = await readSigned(options.signature);
        if (!(await verifyAuthorization(context.publicClient, { pool, ...signed }))) {
          throw new UsageError(
            `The signature in ${options.signature} was not made by ${signed.authorization.authorizer} for this pool and chain.`,
          );
        }
        return { signed, file: options.signature };
      }
      if (!operator) throw new UsageError("Give the operator's address, or --signature <file>.");
      return { operator: parseAddress(operator, "operator"), isAuthorized: options.revoke !== true };
    },
    preview: (plan): PreviewRow[] => {
      if (plan.signed) {
        const a = plan.signed.authorization;
        return [
          ["Operation", `submit the signed authorization in ${plan.file}`],
          ["Effect", `${a.authorizer} ${a.isAuthorized ? "authorizes" : "revokes"} ${a.operator}`],
          ["Deadline", new Date(Number(a.deadline) * 1000).toISOString()],
          ["Signer (pays the gas)", signer],
        ];
      }
      return [
        ["Operation", plan.isAuthorized ? "authorize an operator" : "revoke an operator"],
        [
          "Effect",
          plan.isAuthorized
            ? `${plan.operator} will be able to withdraw, borrow and manage collateral for ${context.account.address} in every pool.`
            : `${plan.operator} will no longer act for ${context.account.address}.`,
        ],
        ["Signer", signer],
      ];
    },
    json: (plan) =>
      plan.signed ? { ...plan.signed.authorization } : { operator: plan.operator, isAuthorized: plan.isAuthorized },
    send: (plan) =>
      plan.signed
        ? setAuthorizationWithSig(context.walletClient, { pool, ...plan.signed })
        : setAuthorization(context.walletClient, { pool, operator: plan.operator, isAuthorized: plan.isAuthorized }),
    report: async (plan, sent) => {
      const gas = gasSpent([sent.receipt]);
      return {
        sentence: `${plan.signed ? "Submitted" : "Done"} in ${sent.hash}. ${gasSentence(gas)}`,
        json: { hash: sent.hash, ...gasJson(gas) },
      };
    },
  };
}

/**
 * `keel authorize <operator>`: lets an operator act for you in every pool (or revokes it); with
 * --signature, submits someone's signed authorization instead (you pay the gas, they grant the right).
 */
export function registerAuthorize(program: Command): void {
  program
    .command("authorize")
    .description("Let an operator act for you in every pool (--revoke to undo), or submit a signed authorization.")
    .argument("[operator]", "the address to authorize")
    .option("--revoke", "revoke instead of grant")
    .option("--signature <file>", "submit a signed authorization written by `keel sign-authorization`")
    .action(
      action(async (operator: string | undefined, options: AuthorizeOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, authorizationDescriptor(context, operator, options));
      }),
    );
}
