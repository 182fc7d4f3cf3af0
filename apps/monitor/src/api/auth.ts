import { createHash, randomBytes } from "node:crypto";
import { type Address, type Chain, getAddress, type Hex, isHex, type PublicClient, type Transport } from "viem";
import { generateSiweNonce, parseSiweMessage, validateSiweMessage, verifySiweMessage } from "viem/siwe";
import { z } from "zod";
import type { UserStore } from "../store/users.ts";
import { RequestError } from "./userRules.ts";

/**
 * Sign-In with Ethereum (EIP-4361) for the app: the monitor hands out a nonce, the app builds the
 * message for its own origin and the user's wallet signs it, and the monitor checks every field it
 * depends on (an app origin it serves, the deployment's chain, its own unused nonce, the validity
 * window, the signature, a contract wallet's included) before opening a session. The session token is
 * 32 random bytes, of which only a hash is stored.
 */

/** A nonce is good for this long after it is handed out, and once. */
export const NONCE_TTL_MS = 10 * 60_000;
/** A session lasts this long, or until the message's own expiration time if that is sooner. */
export const SESSION_TTL_MS = 24 * 3600_000;
/** Sign-ins started and not finished that the store keeps at most (the nonce route needs no session). */
const OUTSTANDING_NONCES = 10_000;

const verifyBody = z.strictObject({
  message: z.string().min(1).max(4000),
  signature: z.string().refine((s) => isHex(s) && s.length >= 132, "a hex signature"),
});

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export class Auth {
  private readonly o: {
    users: UserStore;
    client: PublicClient<Transport, Chain>;
    chainId: number;
    appOrigins: string[];
  };

  constructor(options: Auth["o"]) {
    this.o = options;
  }

  async nonce(): Promise<{ nonce: string; expiresAt: string }> {
    const nonce = generateSiweNonce();
    const now = Date.now();
    if (!(await this.o.users.addNonce(nonce, now + NONCE_TTL_MS, now, OUTSTANDING_NONCES)))
      throw new RequestError("Too many sign-ins are under way; try again in a few minutes.", 503);
    return { nonce, expiresAt: new Date(now + NONCE_TTL_MS).toISOString() };
  }

  /** Checks a signed message and opens a session; a RequestError (401) says what was wrong. */
  async verify(raw: unknown): Promise<{ token: string; address: Address; expiresAt: string }> {
    const body = verifyBody.safeParse(raw);
    if (!body.success)
      throw new RequestError("Send { message, signature }: the signed EIP-4361 message and its signature.");
    const { message, signature } = body.data;
    const refuse = (why: string) => new RequestError(`Sign-in refused: ${why}`, 401);
    const fields = parseSiweMessage(message);
    if (fields.address === undefined || fields.nonce === undefined || fields.uri === undefined)
      throw refuse("the message is not an EIP-4361 sign-in message.");
    const origin = this.o.appOrigins.find((o) => new URL(o).host === fields.domain);
    if (origin === undefined)
      throw refuse(`the message is for ${fields.domain}, which is not an app this monitor serves.`);
    if (fields.scheme !== undefined && `${fields.scheme}:` !== new URL(origin).protocol)
      throw refuse(`the message's scheme ${fields.scheme} is not the app's.`);
    if (!sameOrigin(fields.uri, origin)) throw refuse(`the message's URI ${fields.uri} is not on ${origin}.`);
    if (fields.chainId !== this.o.chainId)
      throw refuse(
        `the message is for chain ${fields.chainId ?? "(none)"}, and this monitor watches chain ${this.o.chainId}.`,
      );
    const now = new Date();
    if (!validateSiweMessage({ message: fields, domain: fields.domain, time: now }))
      throw refuse("the message has expired, is not valid yet, or has a field EIP-4361 does not allow.");
    let signed: boolean;
    try {
      signed = await verifySiweMessage(this.o.client, {
        message,
        signature: signature as Hex,
        domain: fields.domain,
        nonce: fields.nonce,
        time: now,
      });
    } catch {
      throw new RequestError(
        "The signature could not be checked right now (the chain did not answer); try again.",
        503,
      );
    }
    if (!signed) throw refuse(`the signature is not ${fields.address}'s.`);
    // Last, and once: a message replayed, or a nonce this monitor never gave, ends here.
    if (!(await this.o.users.takeNonce(fields.nonce, now.getTime())))
      throw refuse("the nonce was not issued by this monitor, was used already, or has expired. Sign in again.");
    const address = getAddress(fields.address);
    const expires = Math.min(
      now.getTime() + SESSION_TTL_MS,
      fields.expirationTime?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    const token = randomBytes(32).toString("base64url");
    await this.o.users.addSession(hashToken(token), address, expires, now.getTime());
    return { token, address, expiresAt: new Date(expires).toISOString() };
  }

  /** The address an `Authorization: Bearer <token>` header signs in as; a RequestError (401) otherwise. */
  async session(header: string | undefined): Promise<{ address: Address; tokenHash: string }> {
    const token = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header ?? "")?.[1];
    if (token === undefined) throw new RequestError("Sign in first: this needs Authorization: Bearer <token>.", 401);
    const tokenHash = hashToken(token);
    const session = await this.o.users.session(tokenHash, Date.now());
    if (session === undefined) throw new RequestError("Your session has expired or ended; sign in again.", 401);
    return { address: session.address as Address, tokenHash };
  }

  async end(tokenHash: string): Promise<void> {
    await this.o.users.endSession(tokenHash);
  }
}

function sameOrigin(uri: string, origin: string): boolean {
  try {
    return new URL(uri).origin === origin;
  } catch {
    return false;
  }
}
