import { Session } from "node:inspector";

/** Whose code an allocation ran in: the node on its stack, else the graph and the harness driving it. */
export const ALLOCATION_OWNERS = ["laser_ranging", "target_estimation", "launcher_control", "graph/harness"] as const;
export type AllocationOwner = (typeof ALLOCATION_OWNERS)[number];

export interface AllocationProfile {
  /** Bytes allocated by each owner over the profiled run. */
  readonly byOwner: ReadonlyMap<AllocationOwner, number>;
  /** Bytes by owner and allocating function ("function file:line"), largest first. */
  readonly byFunction: readonly { readonly owner: AllocationOwner; readonly site: string; readonly bytes: number }[];
  readonly total: number;
}

interface SamplingHeapProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly SamplingHeapProfileNode[];
}

/**
 * What `run` allocates, by node and by function: V8's sampling heap profiler (one sample per
 * `intervalBytes` allocated on average, each counting for that many bytes) with the objects the
 * young and the full collector freed kept in the profile, so it counts everything allocated, not
 * only what survived. A sample belongs to the node whose file (dist/nodes/<node>) is on its
 * stack: on the in-process graph a node's callback and the core code it calls run under it,
 * and a node's publish only queues (delivery runs after the callback), so no stack holds two nodes.
 */
export async function profileAllocation(run: () => void, intervalBytes = 256): Promise<AllocationProfile> {
  const session = new Session();
  session.connect();
  const post = (method: string, params: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error === null ? resolve(result) : reject(error))));
  try {
    await post("HeapProfiler.enable", {});
    await post("HeapProfiler.startSampling", { samplingInterval: intervalBytes, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    run();
    const { profile } = (await post("HeapProfiler.stopSampling", {})) as { profile: { head: SamplingHeapProfileNode } };
    return summarise(profile.head);
  } finally {
    session.disconnect();
  }
}

function summarise(head: SamplingHeapProfileNode): AllocationProfile {
  const byOwner = new Map<AllocationOwner, number>(ALLOCATION_OWNERS.map((owner) => [owner, 0]));
  const byFunction = new Map<string, { owner: AllocationOwner; site: string; bytes: number }>();
  let total = 0;
  const walk = (node: SamplingHeapProfileNode, stackOwner: AllocationOwner | undefined): void => {
    const file = shortFile(node.callFrame.url);
    const owner = ownerOfFile(file) ?? stackOwner;
    if (node.selfSize > 0) {
      const who = owner ?? "graph/harness";
      byOwner.set(who, (byOwner.get(who) ?? 0) + node.selfSize);
      const site = `${node.callFrame.functionName || "(anonymous)"} ${file}:${node.callFrame.lineNumber + 1}`;
      const key = `${who}\t${site}`;
      const entry = byFunction.get(key) ?? { owner: who, site, bytes: 0 };
      entry.bytes += node.selfSize;
      byFunction.set(key, entry);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, owner);
  };
  walk(head, undefined);
  return { byOwner, byFunction: [...byFunction.values()].sort((a, b) => b.bytes - a.bytes), total };
}

/** The innermost node file on the stack wins (none nests another on the in-process graph, see above). */
function ownerOfFile(file: string): AllocationOwner | undefined {
  for (const owner of ALLOCATION_OWNERS) if (file.startsWith(`nodes/${owner}`)) return owner;
  return undefined;
}

function shortFile(url: string): string {
  const i = url.indexOf("/dist/");
  if (i >= 0) return url.slice(i + 6);
  const j = url.indexOf("/src/");
  if (j >= 0) return url.slice(j + 5).replace(/\.ts$/, ".js");
  return url === "" ? "(native)" : url;
}
