// npm run soak (scripts/soak.js): a few hundred resources of all five kinds on both clouds, through
// `pulumi up` and `pulumi destroy` with the real CLI and the packed package, while about a tenth of
// the calls meet a fault (lost answers before and after the cloud applies a change, 5xx,
// throttling) and each command meets a multi-second outage (the emulator stopped and restarted on
// the same port from its state file). Prints faults injected, failures, orphans, duplicates and
// wall time, and fails unless failures, orphans and duplicates are all 0.
//
// Parameters (environment; scripts/soak.js maps its flags onto them):
//   SOAK_RESOURCES (300), SOAK_FAULT_RATE (0.1), SOAK_SEED (42), SOAK_OUTAGE_MS (5000), SOAK_LATENCY_MS (20)

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { ensurePulumi } from "../../scripts/lib/pulumi-cli";
import { controlClient } from "../helpers/emulator";
import { declaredProgram, fleet } from "../helpers/fleet";
import { providerEnv, Stack } from "../helpers/stack";
import { cloudMismatches, collectRequests, duplicates, dynamicResources, orphans, stackMismatches, StackResource } from "../helpers/truth";

const RESOURCES = Number(process.env.SOAK_RESOURCES ?? 300);
const FAULT_RATE = Number(process.env.SOAK_FAULT_RATE ?? 0.1);
const SEED = Number(process.env.SOAK_SEED ?? 42);
const OUTAGE_MS = Number(process.env.SOAK_OUTAGE_MS ?? 5000);
const LATENCY_MS = Number(process.env.SOAK_LATENCY_MS ?? 20);

jest.setTimeout(4 * 3_600_000);

/** Codes only the fault rules produce, so the log tells injected faults from the cloud's own answers. */
const INJECTED_CODES = new Set(["ServiceUnavailable", "Throttling.User", "RequestLimitExceeded", "InternalError"]);
const MUTATIONS = [
  ["alicloud", "AttachClassicLinkVpc"], ["alicloud", "DetachClassicLinkVpc"], ["alicloud", "EnableVpcClassicLink"], ["alicloud", "DisableVpcClassicLink"],
  ["alicloud", "AttachNetworkInterface"], ["alicloud", "DetachNetworkInterface"],
  ["tencentcloud", "AttachClassicLinkVpc"], ["tencentcloud", "DetachClassicLinkVpc"], ["tencentcloud", "AttachNetworkInterface"], ["tencentcloud", "DetachNetworkInterface"],
] as const;

/**
 * About `rate` of all calls meet a fault. Every call: a lost answer before the cloud acts, a 5xx,
 * or throttling, a third of `rate` each. Changes besides: a lost answer after the cloud applied
 * the change (rate / 4) and a 5xx after it applied it (rate / 8), the faults that make a resend
 * dangerous. The printed percentage is measured from the request log.
 */
function faultRules(rate: number): unknown[] {
  const third = rate / 3;
  const afterTheChange = MUTATIONS.flatMap(([cloud, action]) => [
    { cloud, action, phase: "after", probability: rate / 4, effect: { type: "reset" } },
    { cloud, action, phase: "after", probability: rate / 8, effect: { type: "error", code: cloud === "alicloud" ? "ServiceUnavailable" : "InternalError", status: 503 } },
  ]);
  return [
    ...afterTheChange,
    { action: "*", phase: "before", probability: third, effect: { type: "reset" } },
    { cloud: "alicloud", action: "*", phase: "before", probability: third, effect: { type: "error", code: "ServiceUnavailable", status: 503 } },
    { cloud: "tencentcloud", action: "*", phase: "before", probability: third, effect: { type: "error", code: "InternalError", status: 503 } },
    { cloud: "alicloud", action: "*", phase: "before", probability: third, effect: { type: "error", code: "Throttling.User", status: 400 } },
    { cloud: "tencentcloud", action: "*", phase: "before", probability: third, effect: { type: "error", code: "RequestLimitExceeded", status: 200 } },
  ];
}

interface Phase {
  name: string;
  exitCode: number | null;
  seconds: number;
  requests: number;
  faults: number;
  /** lost answers (resets), 5xx, throttling */
  kinds: [number, number, number];
  outages: number;
  failedResources: string[];
  duplicates: string[];
  errorLines: string[];
}

describe(`soak: ${RESOURCES} resources, fault rate ${FAULT_RATE}, seed ${SEED}, ${OUTAGE_MS} ms outage per command`, () => {
  const { seed: base, specs } = fleet(RESOURCES);
  const seed = { ...base, randomSeed: SEED, faults: faultRules(FAULT_RATE), latencyMs: LATENCY_MS };
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-soak-"));
  const statePath = path.join(stateDir, "state.json");
  let emulator: RunningEmulator;
  let stack: Stack;
  const phases: Phase[] = [];
  let leftBehind: string[] = [];
  /** After a failed destroy: what a second destroy without faults still leaves (what the stack forgot). */
  let forgotten: string[] | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ seed, port: 0, host: "127.0.0.1", statePath });
    stack = new Stack(declaredProgram("soak", specs), ensurePulumi(), providerEnv(emulator.url, seed));
    await stack.init();
  });

  afterAll(async () => {
    print();
    // Clean up whatever a failed run left, without faults.
    await controlClient(emulator.url).faults({ faults: [] });
    await stack?.run("destroy", "--yes", "--skip-preview");
    stack?.cleanup();
    await emulator?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  /** Runs one CLI command; once it has made RESOURCES * 2 calls, stops the emulator for OUTAGE_MS. */
  async function run(name: string, args: string[]): Promise<Phase> {
    const started = Date.now();
    const log = collectRequests(emulator);
    let finished = false;
    const command = stack.run(...args).finally(() => {
      finished = true;
    });
    let outages = 0;
    while (!finished && outages === 0) {
      if (log.seen().length >= RESOURCES * 2) {
        const port = emulator.port;
        log.switchTo(emulator);
        await emulator.close();
        await new Promise((r) => setTimeout(r, OUTAGE_MS));
        emulator = await startEmulator({ seed, port, host: "127.0.0.1", statePath });
        log.switchTo(emulator);
        outages++;
      } else {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const result = await command;
    const requests = log.stop();
    const faults = requests.filter((r) => r.outcome === "reset" || INJECTED_CODES.has(r.errorCode ?? "") || r.status === 503).length;
    const phase: Phase = {
      name,
      exitCode: result.code,
      seconds: (Date.now() - started) / 1000,
      requests: requests.length,
      faults,
      kinds: [
        requests.filter((r) => r.outcome === "reset").length,
        requests.filter((r) => r.status === 503).length,
        requests.filter((r) => /^(Throttling|RequestLimitExceeded)/.test(r.errorCode ?? "")).length,
      ],
      outages,
      failedResources: [],
      duplicates: duplicates(requests),
      errorLines: result.output.split("\n").filter((l) => /error:/.test(l)).slice(0, 10),
    };
    phases.push(phase);
    return phase;
  }

  function print(): void {
    const lines = [
      "",
      `=== soak: ${RESOURCES} resources (all five kinds, both clouds), fault rate ${FAULT_RATE}, seed ${SEED}, outage ${OUTAGE_MS} ms per command, latency ${LATENCY_MS} ms`,
      ...phases.map((p) =>
        `${p.name.padEnd(8)} exit ${p.exitCode}  ${p.seconds.toFixed(0)} s  ${p.requests} requests  ${p.faults} faults injected (${((100 * p.faults) / Math.max(1, p.requests)).toFixed(1)}%: ` +
        `${p.kinds[0]} lost answers, ${p.kinds[1]} 5xx, ${p.kinds[2]} throttled) + ${p.outages} outage(s)  ` +
        `failures ${p.failedResources.length}  duplicates ${p.duplicates.length}`,
      ),
      `orphans after destroy: ${leftBehind.length}` +
        (forgotten === undefined ? "" : ` (a second destroy without faults then left ${forgotten.length})`),
      ...phases.flatMap((p) => [...p.failedResources.slice(0, 10), ...p.duplicates, ...p.errorLines].map((l) => `  ${p.name}: ${l}`)),
      ...leftBehind.slice(0, 10).map((o) => `  orphan: ${o}`),
      ...(forgotten ?? []).map((o) => `  forgotten: ${o}`),
      "",
    ];
    process.stdout.write(lines.join("\n") + "\n");
  }

  test("up: every resource recorded and in the cloud as declared, nothing accepted twice", async () => {
    const up = await run("up", ["up", "--yes", "--skip-preview"]);
    const recorded = dynamicResources((await stack.exportState()).resources as StackResource[]);
    const state = await controlClient(emulator.url).state();
    up.failedResources = [...new Set([...stackMismatches(recorded, specs), ...cloudMismatches(state, specs)])];
    expect({ exit: up.exitCode, failures: up.failedResources, duplicates: up.duplicates }).toEqual({ exit: 0, failures: [], duplicates: [] });
  });

  test("destroy: nothing left in the stack or the cloud, nothing accepted twice", async () => {
    const destroy = await run("destroy", ["destroy", "--yes", "--skip-preview"]);
    const recorded = dynamicResources((await stack.exportState()).resources as StackResource[]);
    destroy.failedResources = recorded.map((r) => `still in the stack: ${r.urn.split("::").pop()}`);
    leftBehind = orphans(base, await controlClient(emulator.url).state());
    if (destroy.exitCode !== 0) {
      // Was anything forgotten, or only left for the next destroy? One more, without faults, tells.
      await controlClient(emulator.url).faults({ faults: [] });
      const again = await stack.run("destroy", "--yes", "--skip-preview");
      forgotten = again.code === 0 ? orphans(base, await controlClient(emulator.url).state()) : [`second destroy failed too (exit ${again.code})`];
    }
    expect({ exit: destroy.exitCode, failures: destroy.failedResources, duplicates: destroy.duplicates, orphans: leftBehind }).toEqual({
      exit: 0, failures: [], duplicates: [], orphans: [],
    });
  });
});
