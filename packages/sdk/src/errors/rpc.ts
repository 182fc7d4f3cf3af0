import { BaseError } from "./base.ts";

/**
 * The node could not be reached or did not answer (connection refused, timeout, HTTP error, closed
 * socket, rate limit). Retryable: nothing happened on chain because of this request.
 */
export class RpcRequestError extends BaseError {
  override name = "RpcRequestError";
  /** The node's URL when the transport reported it. */
  readonly url: string | undefined;

  /** Wraps a transport failure, keeping it as the cause. */
  constructor({ cause, url }: { cause: unknown; url?: string }) {
    super(`The node${url ? ` at ${url}` : ""} did not answer; check that it is running and reachable, then retry.`, {
      cause,
      retryable: true,
    });
    this.url = url;
  }
}
