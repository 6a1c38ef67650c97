/**
 * Whether an address is only reachable from this machine. Settings whose safe default depends on
 * it (METRICS, the ID_AUTHORITY warning, the deploy check) ask here, so they agree.
 */

// RFC 1122 §3.2.1.3: all of 127.0.0.0/8 is loopback, not only 127.0.0.1.
const IPV4_LOOPBACK = /^127(?:\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}$/u;

/**
 * Whether HOST (the address the server binds) accepts connections from this machine only:
 * `localhost`, any `*.localhost` (RFC 6761 §6.3), 127.0.0.0/8 or `::1`. `0.0.0.0` and `::` bind
 * every interface, so they are not.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/u, "$1");
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    IPV4_LOOPBACK.test(name) ||
    name === "::1" ||
    name === "0:0:0:0:0:0:0:1"
  );
}

/**
 * Whether a public URL (BASE_URL) names this machine rather than a site others can reach: a
 * loopback host, or the unspecified address (`0.0.0.0`, `[::]`), which no reader can fetch from.
 */
export function isLocalUrl(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return false;
  }
  const name = hostname.replace(/^\[(.*)\]$/u, "$1");
  return isLoopbackHost(name) || name === "0.0.0.0" || name === "::";
}
