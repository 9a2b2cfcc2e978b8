import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where the server may send callbacks, webhook events and operator deliveries in production: `https` URLs whose
 * host resolves only to public addresses. Loopback, private (RFC 1918, unique-local), link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast and reserved ranges are refused, including IPv4 written inside IPv6
 * (`::ffff:127.0.0.1`, NAT64 `64:ff9b::/96`), so a customer-set URL cannot reach the operator's own network.
 * `--allow-private-targets` lifts both rules (local receivers in tests; a provider gateway on a private network).
 * The check runs when a URL is configured and again before every attempt (a name may resolve elsewhere later).
 */

const blocked = new BlockList();
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
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** IPv4 carried in an IPv6 address (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), or undefined. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Why the server must not connect to this IP address, or undefined when it is public. */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 !== undefined && blocked.check(v4, "ipv4")) return `${address} is a loopback, private, link-local or reserved address`;
  if (family === 6 && blocked.check(address, "ipv6")) return `${address} is a loopback, private, link-local or reserved address`;
  return undefined;
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Why `url` is no acceptable outbound target, or undefined. `allowPrivate` accepts anything http(s). Every address
 * the host resolves to must be public (one private answer is enough to refuse: the connection could use it).
 */
export async function outboundTargetProblem(url: string, options: { allowPrivate: boolean; resolve?: Resolver }): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "https:" && !(options.allowPrivate && parsed.protocol === "http:")) {
    return options.allowPrivate ? "must be an http or https URL" : "must be an https URL (--allow-private-targets also allows http)";
  }
  if (parsed.username !== "" || parsed.password !== "") return "must not carry a user name or password";
  if (options.allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await (options.resolve ?? systemResolver)(host);
  } catch (error) {
    return `host ${host} does not resolve (${(error as { code?: string }).code ?? "lookup failed"})`;
  }
  if (addresses.length === 0) return `host ${host} does not resolve`;
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason) return `resolves to ${reason} (--allow-private-targets allows it)`;
  }
  return undefined;
}
