import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import type { Channel } from "../channels/channels.ts";
import { signWebhook, webhookBody } from "../channels/channels.ts";

/**
 * Webhooks a user names: a URL from the internet that the monitor will POST to, so it must not reach
 * what only the monitor can reach (a metadata service, a database's HTTP port, the node). Unless the
 * operator allowed its host (KEEL_MONITOR_USER_WEBHOOK_HOSTS, e.g. 127.0.0.1 on a devnet), a user's
 * webhook is https, to a name that resolves only to public addresses, checked when the rule is made
 * and again before each delivery, and never follows a redirect.
 */

export type WebhookPolicy = { allowedHosts: ReadonlySet<string> };

const TIMEOUT_MS = 10_000;

/** Addresses that are not the public internet's: loopback, private, link-local, shared, multicast, reserved. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(network, prefix, "ipv6");

function isPrivate(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], "ipv4");
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Why the monitor will not send to `url` for a user, or undefined when it will. */
export async function webhookProblem(url: string, policy: WebhookPolicy): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL.";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "a webhook is an https URL.";
  if (parsed.username !== "" || parsed.password !== "") return "a webhook URL cannot carry a user name or password.";
  const host = parsed.hostname.toLowerCase();
  if (policy.allowedHosts.has(host)) return undefined;
  if (parsed.protocol !== "https:")
    return `a webhook must be https (${host} is not a host this monitor allows over http).`;
  const literal = host.replace(/^\[|\]$/g, "");
  if (isIP(literal) !== 0)
    return isPrivate(literal)
      ? `${host} is a private or reserved address, which this monitor does not send to.`
      : undefined;
  if (host === "localhost" || /\.(localhost|local|internal|home\.arpa)$/.test(host))
    return `${host} is a local name, which this monitor does not send to.`;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return `${host} does not resolve.`;
  }
  const inside = addresses.find((a) => isPrivate(a.address));
  if (inside)
    return `${host} resolves to a private or reserved address (${inside.address}), which this monitor does not send to.`;
  return undefined;
}

/** A user's webhook: signed like the rules file's (HMAC-SHA256 with the rule's own secret), checked before each send. */
export function userWebhookChannel(url: string, secret: string, policy: WebhookPolicy): Channel {
  return {
    send: async (alert, phase) => {
      const problem = await webhookProblem(url, policy);
      if (problem) throw new Error(`refused to send to a user's webhook: ${problem}`);
      const body = webhookBody(alert, phase);
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-keel-timestamp": timestamp,
          "x-keel-signature": `sha256=${signWebhook(secret, timestamp, body)}`,
          "x-keel-delivery": `${alert.id}:${phase}`,
        },
        body,
        // A redirect could point anywhere, a private address included: it is a failure, not followed.
        redirect: "error",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      // The receiver's answer is not read back into the monitor's logs beyond its status.
      await response.body?.cancel();
      if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).host}`);
    },
  };
}
