/** Options every Keel error accepts. */
export type BaseErrorParameters = {
  /** The error this one explains; kept so the whole chain stays inspectable. */
  cause?: unknown;
  /** Technical detail for logs (the underlying message, revert data, …). */
  details?: string;
  /** Extra lines shown under the short message, such as decoded arguments. */
  metaMessages?: string[];
  /** Whether trying again unchanged may succeed (a node hiccup) or not (a revert). */
  retryable?: boolean;
};

/**
 * Root of every error the SDK throws. `shortMessage` is one sentence a person understands; `message`
 * adds the details and meta lines; `cause` keeps the error it wraps, and `walk()` follows that chain.
 */
export class BaseError extends Error {
  override name = "KeelError";
  /** One sentence saying what went wrong and, where possible, what to do. */
  readonly shortMessage: string;
  /** Technical detail, usually the wrapped error's message. */
  readonly details: string;
  /** Extra human lines (decoded arguments, hints). */
  readonly metaMessages: string[];
  /** True when retrying the same request later may succeed. */
  readonly retryable: boolean;

  /** Builds an error from its human sentence and optional cause. */
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? detailsOf(parameters.cause);
    const metaMessages = parameters.metaMessages ?? [];
    const message = [
      shortMessage,
      ...(metaMessages.length ? ["", ...metaMessages] : []),
      ...(details ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
    this.retryable = parameters.retryable ?? false;
  }

  /**
   * Follows the cause chain from this error. Without a predicate it returns the deepest cause; with one
   * it returns the first error (this one included) the predicate accepts, or null.
   */
  walk(predicate?: (error: unknown) => boolean): unknown {
    return walkCauses(this, predicate);
  }
}

/** `walk()` for any error, including viem's and plain `Error`s. */
export function walkCauses(error: unknown, predicate?: (error: unknown) => boolean): unknown {
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current !== undefined && current !== null && !seen.has(current)) {
    if (predicate?.(current)) return current;
    seen.add(current);
    const next = (current as { cause?: unknown }).cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  return predicate ? null : current;
}

function detailsOf(cause: unknown): string {
  if (cause === undefined || cause === null) return "";
  if (typeof cause === "object") {
    const { details, shortMessage, message } = cause as {
      details?: unknown;
      shortMessage?: unknown;
      message?: unknown;
    };
    if (typeof details === "string" && details) return details;
    if (typeof shortMessage === "string" && shortMessage) return shortMessage;
    if (typeof message === "string") return message;
  }
  return String(cause);
}
