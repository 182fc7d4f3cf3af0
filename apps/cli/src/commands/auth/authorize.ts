import { readFile } from "node:fs/promises";
import { type Authorization, setAuthorization, setAuthorizationWithSig, verifyAuthorization } from "@keel/sdk";
import type { Command } from "commander";
import type { Hex } from "viem";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, readSignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { toJson } from "../../lib/format.ts";
import { parseAddress } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";

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
        const pool = context.deployment.contracts.pool;
        if (options.signature) {
          const signed = await readSigned(options.signature);
          if (!(await verifyAuthorization(context.publicClient, { pool, ...signed }))) {
            throw new UsageError(
              `The signature in ${options.signature} was not made by ${signed.authorization.authorizer} for this pool and chain.`,
            );
          }
          const verb = signed.authorization.isAuthorized ? "authorizes" : "revokes";
          if (!context.yes)
            await confirm(`Submit: ${signed.authorization.authorizer} ${verb} ${signed.authorization.operator}?`);
          const { hash } = await setAuthorizationWithSig(context.walletClient, { pool, ...signed });
          console.log(context.json ? toJson({ hash, ...signed.authorization }) : `Submitted in ${hash}.`);
          return;
        }
        if (!operator) throw new UsageError("Give the operator's address, or --signature <file>.");
        const target = parseAddress(operator, "operator");
        const isAuthorized = options.revoke !== true;
        const sentence = isAuthorized
          ? `${target} will be able to withdraw, borrow and manage collateral for ${context.account.address} in every pool.`
          : `${target} will no longer act for ${context.account.address}.`;
        if (!context.json) console.log(sentence);
        if (!context.yes) await confirm("Send this transaction?");
        const { hash } = await setAuthorization(context.walletClient, { pool, operator: target, isAuthorized });
        console.log(context.json ? toJson({ hash, operator: target, isAuthorized }) : `Done in ${hash}.`);
      }),
    );
}
