// Tencent work in flight survives an emulator restart on the same state file (`--state`): a
// RUNNING ClassicLink task, an ATTACHING ENI with its task, a STARTING instance and ClientTokens
// (finished and still running) all carry on where they were, under the polls clock saved with them.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { cvmClient, expectTencentError, ids, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

let dir: string;
let statePath: string;
let emu: TestEmulator | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-tc-state-"));
  statePath = path.join(dir, "state.json");
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const vpc = () => vpcClient((emu as TestEmulator).url);
const cvm = () => cvmClient((emu as TestEmulator).url);
const task = async (taskId: string) => (await vpc().DescribeVpcTaskResult({ TaskId: taskId })).Status;
const instanceState = async (id: string) => (await cvm().DescribeInstances({ InstanceIds: [id] })).InstanceSet?.[0].InstanceState;
const eniView = async (id: string) => {
  const eni = (await vpc().DescribeNetworkInterfaces({ NetworkInterfaceIds: [id] })).NetworkInterfaceSet?.[0];
  return [eni?.State, eni?.Attachment?.InstanceId ?? null];
};

/** Polls `read` until it returns `done`; every earlier answer must be `pending`. */
async function pollUntil<T>(read: () => Promise<T>, pending: T, done: T, maxPolls = 10): Promise<number> {
  for (let n = 1; n <= maxPolls; n += 1) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(done)) return n;
    expect(value).toEqual(pending);
  }
  throw new Error(`still ${JSON.stringify(pending)} after ${maxPolls} polls`);
}

test("a running task, an ATTACHING ENI, a STARTING instance and ClientTokens carry on after a restart", async () => {
  emu = await startTestEmulator(tencentSeed({ mode: "polls", polls: 3 }), { statePath });

  // A ClientToken whose task finished before the restart, and its replay then.
  const finished = await vpc().DetachNetworkInterface({ NetworkInterfaceId: ids.attachedEni, InstanceId: ids.appInstance2, ClientToken: "done-1" });
  await pollUntil(() => task(finished.RequestId as string), "RUNNING", "SUCCESS");
  const replayBefore = await vpc().DetachNetworkInterface({ NetworkInterfaceId: ids.attachedEni, InstanceId: ids.appInstance2, ClientToken: "done-1" });
  expect(replayBefore.RequestId).not.toBe(finished.RequestId);
  expect(await task(replayBefore.RequestId as string)).toBe("SUCCESS");

  // Work in flight at the restart.
  const link = await vpc().AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] });
  const attach = await vpc().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, ClientToken: "running-1" });
  await cvm().StartInstances({ InstanceIds: [ids.classicStopped] });
  expect(await task(link.RequestId as string)).toBe("RUNNING"); // 1 of 3 polls
  expect(await eniView(ids.freeEni)).toEqual(["ATTACHING", ids.appInstance]);
  await expectTencentError(
    vpc().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, ClientToken: "running-1" }),
    "UnsupportedOperation.IdempotentProcessing",
  );

  await emu.close();
  // Another seed on purpose: the state file wins over it.
  emu = await startTestEmulator({ accounts: [{ name: "someone-else" }] }, { statePath });
  expect((await emu.control.state()).clock).toMatchObject({ mode: "polls", polls: 3 });

  // The replay of the running token still waits for its task...
  await expectTencentError(
    vpc().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, ClientToken: "running-1" }),
    "UnsupportedOperation.IdempotentProcessing",
  );
  // ... the link task resumes with the poll it had (two more RUNNING, then SUCCESS) ...
  expect(await pollUntil(() => task(link.RequestId as string), "RUNNING", "SUCCESS")).toBe(3);
  expect((await vpc().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] })).ClassicLinkInstanceSet).toEqual([
    { VpcId: ids.linkableVpc, InstanceId: ids.classicRunning },
  ]);
  // ... the ENI and the instance settle by the same clock.
  await pollUntil(() => eniView(ids.freeEni), ["ATTACHING", ids.appInstance], ["AVAILABLE", ids.appInstance]);
  expect(await task(attach.RequestId as string)).toBe("SUCCESS");
  await pollUntil(() => instanceState(ids.classicStopped), "STARTING", "RUNNING");

  // ClientToken replays answer as before the restart: a new RequestId that is a task answering
  // for the first call's result; the old alias still answers; other parameters are refused.
  const replayAfter = await vpc().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, ClientToken: "running-1" });
  expect(replayAfter.RequestId).not.toBe(attach.RequestId);
  expect(await task(replayAfter.RequestId as string)).toBe("SUCCESS");
  const doneAgain = await vpc().DetachNetworkInterface({ NetworkInterfaceId: ids.attachedEni, InstanceId: ids.appInstance2, ClientToken: "done-1" });
  expect([finished.RequestId, replayBefore.RequestId]).not.toContain(doneAgain.RequestId);
  expect(await task(doneAgain.RequestId as string)).toBe("SUCCESS");
  expect(await task(replayBefore.RequestId as string)).toBe("SUCCESS");
  await expectTencentError(
    vpc().DetachNetworkInterface({ NetworkInterfaceId: ids.freeEni2, InstanceId: ids.appInstance2, ClientToken: "done-1" }),
    "UnsupportedOperation.IdempotentParameterMismatch",
  );
  // The replays changed nothing: the ENI detached by "done-1" is still unattached.
  expect(await eniView(ids.attachedEni)).toEqual(["AVAILABLE", null]);
});

test("a seeded STARTING instance and a DETACHING ENI without a task keep their progress across a restart", async () => {
  const seed = tencentSeed({ mode: "polls", polls: 2 });
  const section = seed.tencentcloud as unknown as Record<string, Record<string, unknown>[]>;
  section.instances.push({ instanceId: "ins-seedstart", region: "ap-guangzhou", zone: "ap-guangzhou-3", networkType: "classic", status: "STARTING" });
  for (const eni of section.networkInterfaces) if (eni.networkInterfaceId === ids.attachedEni) eni.status = "DETACHING";
  emu = await startTestEmulator(seed, { statePath });
  expect(await instanceState("ins-seedstart")).toBe("STARTING"); // poll 1 of 2
  expect(await eniView(ids.attachedEni)).toEqual(["DETACHING", ids.appInstance2]);

  await emu.close();
  emu = await startTestEmulator(seed, { statePath });
  expect(await instanceState("ins-seedstart")).toBe("STARTING"); // poll 2 of 2
  expect(await instanceState("ins-seedstart")).toBe("RUNNING");
  expect(await eniView(ids.attachedEni)).toEqual(["DETACHING", ids.appInstance2]);
  expect(await eniView(ids.attachedEni)).toEqual(["AVAILABLE", null]);
});
