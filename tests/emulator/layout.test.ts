// The emulator's modules import each other without a circle (type-only imports included), so a
// change to one cloud's rules shows where it goes and nothing loads half-initialised (issue 11, item 6).

import * as fs from "node:fs";
import * as path from "node:path";

const EMULATOR = path.resolve(__dirname, "../../emulator");

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modules(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/from\s+"(\.[^"]*)"/g)].map(([, spec]) => {
    const target = path.resolve(path.dirname(file), spec);
    return fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, "index.ts");
  });
}

test("no import cycle anywhere in emulator/", () => {
  const graph = new Map(modules(EMULATOR).map((file) => [file, importsOf(file)]));
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, stack: string[]) => {
    if (stack.includes(file)) {
      cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(EMULATOR, f)).join(" -> "));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  expect(graph.size).toBeGreaterThan(40);
  expect(cycles).toEqual([]);
});
