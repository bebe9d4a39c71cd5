// Where an HTTP tool may connect: only hosts the operator allows, and no private address unless
// the operator says so. Every address a name resolves to is checked, and the connection is made
// to those checked addresses, so a second DNS answer cannot swap in another one.
import { lookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { ToolError } from "./types.js";

/** The `http` part of the tools configuration. */
export interface HttpPolicy {
  /** "api.example.com" (any port), "127.0.0.1:4010" (that port only), "*.example.org" (its subdomains). */
  allow: string[];
  /** Whether loopback, private, link-local and CGNAT addresses may be reached. */
  allowPrivate: boolean;
}

/** How a name becomes addresses (the system's resolver unless given). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const PRIVATE = new BlockList();
PRIVATE.addSubnet("0.0.0.0", 8, "ipv4"); // "this network", 0.0.0.0 included
PRIVATE.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
PRIVATE.addSubnet("127.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, cloud metadata services
PRIVATE.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE.addAddress("::", "ipv6");
PRIVATE.addAddress("::1", "ipv6");
PRIVATE.addSubnet("fc00::", 7, "ipv6"); // unique local
PRIVATE.addSubnet("fe80::", 10, "ipv6"); // link-local
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are checked against the IPv4 ranges by BlockList itself.

export function isPrivateAddress(address: string): boolean {
  return PRIVATE.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** Whether the URL's host is one the allow-list names. */
export function isAllowed(url: URL, allow: readonly string[]): boolean {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allow.some((entry) => {
    const parts = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(entry.trim().toLowerCase());
    if (!parts || (parts[2] !== undefined && parts[2] !== port)) return false;
    const host = parts[1]!;
    // A wildcard covers names only: "*.0.0.1" must not let in 127.0.0.1.
    return host.startsWith("*.") ? isIP(url.hostname) === 0 && url.hostname.endsWith(host.slice(1)) : url.hostname === host;
  });
}

/**
 * Checks that the URL may be called under the policy and returns the lookup to connect with:
 * it answers with the addresses checked here, whatever the name resolves to by then.
 */
export async function checkDestination(url: URL, policy: HttpPolicy, resolve: Resolve = resolveAll): Promise<LookupFunction> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ToolError("error", `only http: and https: URLs can be called, not ${url.protocol}`);
  if (!isAllowed(url, policy.allow)) {
    throw new ToolError("error", `${url.host} is not in the allowed destinations (http.allow in the tools configuration)`);
  }
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const family = isIP(literal);
  const addresses = family ? [{ address: literal, family }] : await resolveOrExplain(url.hostname, resolve);
  if (!policy.allowPrivate) {
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      const what = family ? url.hostname : `${url.hostname} resolves to ${refused.address}, which`;
      throw new ToolError("error", `${what} is a private address: refused unless http.allowPrivate is set in the tools configuration`);
    }
  }
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

async function resolveOrExplain(hostname: string, resolve: Resolve): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch (e) {
    throw new ToolError("error", `cannot resolve ${hostname}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (addresses.length === 0) throw new ToolError("error", `${hostname} resolves to no address`);
  return addresses;
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => lookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}
