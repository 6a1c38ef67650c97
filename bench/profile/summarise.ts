/**
 * Where a server's CPU went per request: a V8 CPU profile (`node --cpu-prof`) of the main thread,
 * the samples inside the load window only, grouped by who ran (our modules, hono,
 * @hono/node-server, Node's own JavaScript, system calls, the garbage collector) and divided by
 * the requests wrk counted.
 */

/** The parts of a `.cpuprofile` file this reads. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
  }>;
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileShare {
  readonly name: string;
  readonly microsPerRequest: number;
}

/** Who ran a sample, from its frame: a group a reader can act on. */
export function groupOf(functionName: string, url: string): string | undefined {
  if (url === "") {
    if (functionName === "(idle)") return undefined;
    if (functionName === "(garbage collector)") return "garbage collector";
    if (functionName === "(program)") return "V8 and Node, outside JavaScript";
    // Native functions: writev, writeLatin1String, read… are the system calls of the socket.
    return "system calls and native code";
  }
  if (url.startsWith("node:")) return "Node's JavaScript (http, net, streams, events)";
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//u.exec(url);
  if (module !== null) return module[1];
  const own = /\/(?:dist\/node|src)\/(.+?)\.[jt]s$/u.exec(url);
  if (own !== null) return `src/${own[1]}`;
  return url;
}

/**
 * Microseconds per request of each group, largest first, over the samples taken between
 * `from` and `to` (microseconds on the profile's clock), for `requests` requests.
 */
export function sharesPerRequest(
  profile: CpuProfile,
  from: number,
  to: number,
  requests: number,
): ProfileShare[] {
  const groups = new Map<number, string | undefined>();
  for (const node of profile.nodes) {
    groups.set(node.id, groupOf(node.callFrame.functionName, node.callFrame.url));
  }
  const totals = new Map<string, number>();
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    time += profile.timeDeltas[index] ?? 0;
    // A sample stands for the time since the one before it.
    const spent = profile.timeDeltas[index + 1] ?? 0;
    if (time < from || time > to) continue;
    const group = groups.get(profile.samples[index] ?? -1);
    if (group === undefined) continue;
    totals.set(group, (totals.get(group) ?? 0) + spent);
  }
  return [...totals]
    .map(([name, micros]) => ({ name, microsPerRequest: micros / requests }))
    .sort((a, b) => b.microsPerRequest - a.microsPerRequest);
}
