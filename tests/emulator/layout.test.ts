// Both clouds' emulators have one shape (issue 11, item 6): the same module for the same concern
// (emulator/README.md, "Layout"), the same layers bottom up (the store, model.ts, below the rules;
// the sweep above them) and no import cycle (type-only imports included), so a change to one cloud
// shows where it goes in the other and nothing loads half-initialised. The import graph is read with TypeScript's own pre-processor, so
// `export … from`, side-effect imports, `import()` and `require()` count too.

import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const EMULATOR = path.resolve(__dirname, "../../emulator");
const CLOUDS = ["alicloud", "tencentcloud"] as const;

/** Modules (paths relative to the cloud's folder, no extension) both clouds have, for the same concern. */
const SHARED = [
  "index", // the CloudService the server plugs in
  "protocol", // claims a request, routes an action, answers
  "auth", // verifies signatures, expiry and replays
  "signature", // the string to sign and the HMAC
  "params", // request parameters, safely parsed
  "render", // response bodies
  "errors", // the cloud's error codes as values
  "handlers", // the action tables (a folder)
  "model", // the store: maps, load/dump, visibility
  "instances",
  "vpcs",
  "classicLink",
  "networkInterfaces",
  "ids", // id shapes
  "seed", // the cloud's seed section types
  "validate", // the seed rules checked on load
  "regions",
  "progress", // when a transition is due under the clock
  "transitions", // the clock sweep that settles what is due
  "control", // the control API's out-of-band ops
];

/** What only one cloud has, and why (emulator/README.md says the same). */
const CLOUD_SPECIFIC: Record<(typeof CLOUDS)[number], Record<string, string>> = {
  alicloud: {
    acs3: "the ACS3-HMAC-SHA256 signature (Alibaba's second signature generation)",
    "handlers/common": "AliCall/AliHandler and the parameter helpers (Tencent: handlers/types, handlers/paging)",
    "handlers/ecs": "ECS 2014-05-26 actions",
    "handlers/vpc": "VPC 2016-04-28 actions",
  },
  tencentcloud: {
    v1: "the v1 HmacSHA1/HmacSHA256 signature (Tencent's second signature generation)",
    tasks: "DescribeVpcTaskResult tasks: Tencent's async attach/detach (Alibaba has none)",
    "handlers/types": "Handler/HandlerTable (Alibaba: handlers/common)",
    "handlers/paging": "Offset/Limit (Alibaba: paginate in handlers/common)",
    "handlers/filters": "Tencent's Filters parameter (Alibaba has none)",
    "handlers/cvm": "CVM 2017-03-12 actions",
    "handlers/vpc": "VPC 2017-03-12 actions",
  },
};

/** Bottom up, for both clouds: a module imports only modules before it (emulator/README.md, "Layout"). */
const LAYERS = [
  "errors",
  "ids",
  "seed",
  "regions",
  "progress",
  "validate",
  "model",
  "instances",
  "tasks",
  "vpcs",
  "classicLink",
  "networkInterfaces",
  "transitions",
  "render",
  "params",
  "handlers/common",
  "handlers/types",
  "handlers/paging",
  "handlers/filters",
  "handlers/ecs",
  "handlers/cvm",
  "handlers/vpc",
  "control",
  "signature",
  "acs3",
  "auth",
  "v1",
  "protocol",
  "index",
];

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modules(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The emulator modules a file imports; a relative import that resolves to no file fails the test. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => {
      const target = path.resolve(path.dirname(file), spec);
      const found = [`${target}.ts`, path.join(target, "index.ts")].find((candidate) => fs.existsSync(candidate));
      if (!found) throw new Error(`${path.relative(EMULATOR, file)} imports ${spec}, which is no file`);
      return found;
    });
}

type Graph = Map<string, string[]>;

function graphOf(files: string[]): Graph {
  return new Map(files.map((file) => [file, importsOf(file)]));
}

/** Every cycle as one of its strongly connected components (Tarjan), a self-import included. */
function cyclesIn(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

const rel = (file: string) => path.relative(EMULATOR, file);
const moduleName = (cloudDir: string, file: string) => path.relative(cloudDir, file).replace(/\.ts$/, "").split(path.sep).join("/");

test("the cycle finder finds a cycle, a self-import and none in a chain", () => {
  expect(cyclesIn(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
  expect(cyclesIn(new Map([["a", ["a"]]]))).toEqual([["a"]]);
  expect(cyclesIn(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]]))).toEqual([]);
});

test("the import reader sees type-only imports, re-exports, side-effect imports, import() and require()", () => {
  const text = [
    'import type { AliModel } from "./model";',
    'export { tick } from "./transitions";',
    'import "./ids";',
    'const lazy = () => import("./vpcs");',
    'const old = require("./seed");',
  ].join("\n");
  const imported = ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
  expect(imported.sort()).toEqual(["./ids", "./model", "./seed", "./transitions", "./vpcs"]);
});

describe.each(CLOUDS)("emulator/%s", (cloud) => {
  const cloudDir = path.join(EMULATOR, cloud);
  const files = modules(cloudDir);
  const names = files.map((file) => moduleName(cloudDir, file));
  const graph = graphOf(modules(EMULATOR));

  test("has no import cycle (its own modules, and through core/ and the server)", () => {
    const own = new Map([...graph].filter(([file]) => file.startsWith(cloudDir + path.sep)));
    expect(own.size).toBe(files.length);
    expect(cyclesIn(own).map((cycle) => cycle.map(rel))).toEqual([]);
    const touching = cyclesIn(graph).filter((cycle) => cycle.some((file) => file.startsWith(cloudDir + path.sep)));
    expect(touching.map((cycle) => cycle.map(rel))).toEqual([]);
  });

  test("has every shared module, and nothing else that is not named cloud-specific", () => {
    const present = new Set(names.flatMap((name) => [name, name.split("/")[0]]));
    expect(SHARED.filter((name) => !present.has(name))).toEqual([]);
    const unexplained = names.filter((name) => !SHARED.includes(name) && !Object.hasOwn(CLOUD_SPECIFIC[cloud], name));
    expect(unexplained).toEqual([]);
    expect(Object.keys(CLOUD_SPECIFIC[cloud]).filter((name) => !names.includes(name))).toEqual([]);
  });

  test("every module imports only modules of a lower layer", () => {
    expect(names.filter((name) => !LAYERS.includes(name))).toEqual([]);
    const upward = files.flatMap((file) =>
      (graph.get(file) ?? [])
        .filter((target) => target.startsWith(cloudDir + path.sep))
        .filter((target) => LAYERS.indexOf(moduleName(cloudDir, target)) >= LAYERS.indexOf(moduleName(cloudDir, file)))
        .map((target) => `${moduleName(cloudDir, file)} -> ${moduleName(cloudDir, target)}`),
    );
    expect(upward).toEqual([]);
  });
});

test("cloud-facts/, read by the emulator and the provider alike, imports nothing", () => {
  const dir = path.resolve(EMULATOR, "../cloud-facts");
  const imported = modules(dir).flatMap((file) => ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((ref) => `${path.basename(file)}: ${ref.fileName}`));
  expect(modules(dir).length).toBeGreaterThan(0);
  expect(imported).toEqual([]);
});

test("no import cycle anywhere in emulator/", () => {
  const graph = graphOf(modules(EMULATOR));
  expect(graph.size).toBeGreaterThan(40);
  expect(cyclesIn(graph).map((cycle) => cycle.map(rel))).toEqual([]);
});
