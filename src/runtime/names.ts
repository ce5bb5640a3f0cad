/**
 * ROS 2 name resolution, as rcl does it: absolute names stay, `~/x` is private to the node,
 * anything else is relative to the node's namespace. Remappings match the name as written or
 * as resolved.
 */
export function resolveName(name: string, namespace: string, nodeName: string, remappings: Readonly<Record<string, string>> = {}): string {
  const remapped = remappings[name] ?? name;
  const ns = namespace === "" || namespace === "/" ? "" : `/${namespace.replace(/^\/+|\/+$/g, "")}`;
  let resolved: string;
  if (remapped.startsWith("/")) resolved = remapped;
  else if (remapped === "~") resolved = `${ns}/${nodeName}`;
  else if (remapped.startsWith("~/")) resolved = `${ns}/${nodeName}/${remapped.slice(2)}`;
  else resolved = `${ns}/${remapped}`;
  return remappings[resolved] ?? resolved;
}
