// The plugin's gRPC methods, called in process with real request messages against the emulator:
// the schema lists exactly the inputs check accepts; check and diff answer as the dynamic
// resources do; config from Configure reaches the clouds; a per-call timeout (customTimeouts)
// bounds the waits, and a create the cloud accepted but did not confirm comes back as
// ErrorResourceInitFailed with its id and outputs, so the engine records it.

import { createRequire } from "node:module";
import type { ConfigKey } from "../../provider/core/settings";
import { invoke, RESOURCE_KINDS } from "../../provider";
import { settingsFromPluginConfig, pluginConfigName } from "../../provider/plugin/config";
import { inputNames, packageSchema, typeToken } from "../../provider/plugin/schema";
import { kindOfUrn, NetattachProvider } from "../../provider/plugin/server";
import { ACCESS_KEY, aliSeed, REGION, SECRET_KEY } from "../resources/alicloud-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { virtualRuntime } from "../helpers/runtime";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const provproto = fromPulumi("./proto/provider_pb");
const statusproto = fromPulumi("./proto/status_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");

const urn = (type: string, name = "r") => `urn:pulumi:dev::proj::${type}::${name}`;
const ENI = typeToken("alicloud:EniAttachment");

function call<T = any>(method: (call: { request: unknown }, callback: (error: any, response?: any, metadata?: any) => void) => unknown, request: unknown): Promise<{ error?: any; response?: T }> {
  return new Promise((resolve) => {
    method({ request }, (error, response) => resolve(error ? { error } : { response }));
  });
}

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(aliSeed());
});
afterAll(() => emu.close());

/** A provider whose credentials come only from Configure (the secret wrapped as the engine may send it). */
async function configured(): Promise<NetattachProvider> {
  const provider = new NetattachProvider("1.2.3", { env: { ALICLOUD_ECS_ENDPOINT: emu.url, ALICLOUD_VPC_ENDPOINT: emu.url }, runtime: virtualRuntime() });
  const request = new provproto.ConfigureRequest();
  request.setArgs(Struct.fromJavaScript({
    alicloudAccessKey: ACCESS_KEY,
    alicloudSecretKey: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: SECRET_KEY },
  }));
  request.getVariablesMap().set("netattach:alicloudRegion", REGION);
  const { error, response } = await call(provider.configure.bind(provider), request);
  expect(error).toBeUndefined();
  expect(response.getAcceptsecrets()).toBe(false);
  return provider;
}

describe("schema", () => {
  test.each(RESOURCE_KINDS)("%s lists exactly the inputs check accepts", async (kind) => {
    const { failures } = (await invoke(kind, "check", [{}, { notAnInput: 1 }])) as { failures: Array<{ property: string; reason: string }> };
    const unknown = failures.find((f) => f.property === "notAnInput")!;
    const accepted = unknown.reason.replace(/^.* takes /, "").split(", ");
    expect([...accepted].sort()).toEqual([...inputNames(kind)].sort());
    const schema = packageSchema("1.2.3") as any;
    expect(Object.keys(schema.resources[typeToken(kind)].inputProperties).sort()).toEqual([...inputNames(kind)].sort());
  });

  test("config variables are the README's keys under netattach:, secrets marked", () => {
    const variables = (packageSchema("1.2.3") as any).config.variables;
    expect(variables.alicloudAccessKey).toMatchObject({ type: "string", secret: true });
    expect(variables.tencentcloudRegion.secret).toBeUndefined();
    expect(Object.keys(variables)).toHaveLength(12);
    expect(pluginConfigName("tencentcloud:cvmEndpoint")).toBe("tencentcloudCvmEndpoint");
    // A provider-wide key in our own namespace (fleet's rate limits) is taken as it is.
    expect(pluginConfigName("netattach:rateLimits" as ConfigKey)).toBe("rateLimits");
    expect(settingsFromPluginConfig({ tencentcloudRegion: "ap-guangzhou" }, new Map([["netattach:config:alicloudRegion", "cn-shanghai"]]))).toEqual({
      "tencentcloud:region": "ap-guangzhou",
      "alicloud:region": "cn-shanghai",
    });
  });

  test("a URN names its kind; another package's type is refused by name", () => {
    expect(kindOfUrn(urn("netattach:tencentcloud:EniAttachment"))).toBe("tencentcloud:EniAttachment");
    expect(kindOfUrn(urn("my:index:Parent$netattach:alicloud:EniAttachment"))).toBe("alicloud:EniAttachment");
    expect(() => kindOfUrn(urn("aws:ec2:Instance"))).toThrow(/unknown resource type "aws:ec2:Instance"/);
  });
});

describe("resource methods", () => {
  test("check answers with the dynamic resource's failures, sending nothing", async () => {
    const provider = await configured();
    await emu.control.clearRequests();
    const news = { instanceId: "ins-0h3a5new", networkInterfaceId: "eni-second001" };
    const request = new provproto.CheckRequest();
    request.setUrn(urn(ENI));
    request.setOlds(Struct.fromJavaScript({}));
    request.setNews(Struct.fromJavaScript(news));
    const { response } = await call(provider.check.bind(provider), request);
    const failures = response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));
    expect(failures).toEqual(((await invoke("alicloud:EniAttachment", "check", [{}, news])) as any).failures);
    expect(failures[0].reason).toMatch(/looks like a Tencent Cloud instance ID/);
    expect(await emu.control.requests()).toEqual([]);
  });

  test("diff replaces on instanceId and deletes first (one ENI, one instance)", async () => {
    const provider = await configured();
    const request = new provproto.DiffRequest();
    request.setId("eni-second001:i-vpcinst01");
    request.setUrn(urn(ENI));
    request.setOlds(Struct.fromJavaScript({ instanceId: "i-vpcinst01", networkInterfaceId: "eni-second001", region: REGION, status: "InUse" }));
    request.setNews(Struct.fromJavaScript({ instanceId: "i-vpcinst02", networkInterfaceId: "eni-second001" }));
    const { response } = await call(provider.diff.bind(provider), request);
    expect(response.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(response.getReplacesList()).toEqual(["instanceId"]);
    expect(response.getDeletebeforereplace()).toBe(true);
  });

  test("create with Configure's credentials and a 3 s timeout: the slow attach comes back as ErrorResourceInitFailed", async () => {
    const provider = await configured();
    await emu.control.clock({ mode: "ms", ms: 600_000 });
    try {
      const request = new provproto.CreateRequest();
      request.setUrn(urn(ENI));
      request.setProperties(Struct.fromJavaScript({ instanceId: "i-vpcinst02", networkInterfaceId: "eni-second001" }));
      request.setTimeout(3);
      const { error } = await call(provider.create.bind(provider), request);
      expect(error.message).toMatch(/^timed out after [0-3]\.\ds .*waiting for ENI eni-second001 to be InUse on i-vpcinst02/);
      expect(error.message).toContain("Raise the resource's `customTimeouts` option (or its `timeouts` input)");
      expect(error.message).not.toContain(SECRET_KEY);
      const status = statusproto.Status.deserializeBinary(error.metadata.get("grpc-status-details-bin")[0]);
      const detail = status.getDetailsList()[0].unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
      expect(detail.getId()).toBe("eni-second001:i-vpcinst02");
      expect(detail.getProperties().toJavaScript()).toMatchObject({ status: "pending", region: REGION, instanceId: "i-vpcinst02" });
      expect((await emu.control.requests({ action: "AttachNetworkInterface" })).length).toBe(1);
    } finally {
      await emu.control.reset(aliSeed());
    }
  });

  test("read of an attachment that is not there answers an empty id (gone); of one that is, its inputs", async () => {
    const provider = await configured();
    const read = async (id: string) => {
      const request = new provproto.ReadRequest();
      request.setId(id);
      request.setUrn(urn(ENI));
      request.setProperties(Struct.fromJavaScript({}));
      return (await call(provider.read.bind(provider), request)).response;
    };
    expect((await read("eni-second001:i-vpcinst01")).getId()).toBe("");
    const found = await read("eni-second002:i-vpcinst01");
    expect(found.getId()).toBe("eni-second002:i-vpcinst01");
    expect(found.getInputs().toJavaScript()).toEqual({ instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION });
  });

  test("a missing credential names the plugin's config key and the environment variables", async () => {
    const provider = new NetattachProvider("1.2.3", { env: { ALICLOUD_ECS_ENDPOINT: emu.url, ALICLOUD_VPC_ENDPOINT: emu.url, ALICLOUD_REGION: REGION }, runtime: virtualRuntime() });
    const request = new provproto.CreateRequest();
    request.setUrn(urn(ENI));
    request.setProperties(Struct.fromJavaScript({ instanceId: "i-vpcinst02", networkInterfaceId: "eni-second001" }));
    const { error } = await call(provider.create.bind(provider), request);
    expect(error.message).toContain("pulumi config set netattach:alicloudAccessKey <value> --secret");
    expect(error.message).toContain("ALICLOUD_ACCESS_KEY");
  });

  test("GetSchema and GetPluginInfo carry the package version", async () => {
    const provider = await configured();
    const request = new provproto.GetSchemaRequest();
    const { response } = await call(provider.getSchema.bind(provider), request);
    expect(JSON.parse(response.getSchema())).toMatchObject({ name: "netattach", version: "1.2.3" });
    const info = await call(provider.getPluginInfo.bind(provider), {});
    expect(info.response.getVersion()).toBe("1.2.3");
  });
});
