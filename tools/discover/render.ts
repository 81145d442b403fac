// The program `netattach discover` prints: one resource per attachment found, each marked for
// import, so the first `pulumi up` reads them into the stack and changes nothing in the cloud.

import { typeToken } from "../../provider/plugin/schema";
import { Discovered } from "./inventory";

export type Format = "yaml" | "typescript";

const q = (value: string | boolean) => JSON.stringify(value);

/**
 * A complete Pulumi.yaml: the resources through the pulumi-resource-netattach plugin, each with
 * `options: import: <id>` (kept afterwards it does nothing: a resource already in the stack is
 * not imported again).
 */
export function renderYaml(resources: Discovered[], header: string): string {
  const lines = [
    ...header.split("\n").map((l) => `# ${l}`),
    "name: netattach-discovered",
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: netattach",
    "      path: ./node_modules/.bin",
    resources.length ? "resources:" : "resources: {}",
  ];
  for (const r of resources) {
    lines.push(`  ${r.name}:`, `    type: ${typeToken(r.kind)}`, "    properties:");
    for (const [key, value] of Object.entries(r.inputs)) lines.push(`      ${key}: ${q(value)}`);
    lines.push("    options:", `      import: ${q(r.id)}`);
    if (r.dependsOn) lines.push("      dependsOn:", `        - \${${r.dependsOn}}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * An index.ts of the TypeScript dynamic resources. Pulumi's `import` option needs a provider
 * plugin, which dynamic resources lack, so each resource is adopted on create instead: create
 * finds the attachment exactly as written and records it with reads only.
 */
export function renderTypescript(resources: Discovered[], header: string): string {
  const lines = [
    ...header.split("\n").map((l) => `// ${l}`),
    "// Dynamic resources cannot take Pulumi's `import` option; each of these is adopted on create:",
    "// the first `pulumi up` finds it exactly as written and records it with reads only.",
    'import * as netattach from "pulumi-netattach";',
    "",
  ];
  for (const r of resources) {
    const [cloud, type] = r.kind.split(":");
    const args = `{ ${Object.entries(r.inputs).map(([k, v]) => `${k}: ${q(v)}`).join(", ")} }`;
    const options = r.dependsOn ? `, { dependsOn: [${r.dependsOn}] }` : "";
    lines.push(`const ${r.name} = new netattach.${cloud}.${type}(${q(r.name)}, ${args}${options}); // ${r.id}`);
  }
  if (resources.length) lines.push("", `export const adopted = [${resources.map((r) => `${r.name}.id`).join(", ")}].length;`);
  return lines.join("\n") + "\n";
}
