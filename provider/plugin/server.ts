// The resource plugin's gRPC service (pulumirpc.ResourceProvider), on the same provider code as
// the dynamic resources: every resource call goes through provider/index.ts `invoke`, so check,
// diff, create, read, update and delete (and error scrubbing) are the dynamic resources' own.
//
// Why not `main()` from @pulumi/pulumi/provider: its server (3.248) drops the Configure request's
// config and the `timeout` the engine sends from customTimeouts, and both are what this plugin is
// for. Messages and the service definition are @pulumi/pulumi's generated protos.

import { createRequire } from "node:module";
import { invoke } from "../index";
import { realRuntime, Runtime } from "../core/runtime";
import { CONFIG_KEYS, ProviderSettings } from "../core/settings";
import { RESOURCE_KINDS, ResourceKind } from "../kinds";
import { ProviderContext } from "../resources/types";
import { pluginConfigName, settingsFromPluginConfig } from "./config";
import { kindOfType, packageSchema, typeToken } from "./schema";

// grpc-js and google-protobuf as @pulumi/pulumi itself resolves them (they are its dependencies,
// not ours), so the messages and the server agree on one copy.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = fromPulumi("@grpc/grpc-js");
const provproto = fromPulumi("./proto/provider_pb");
const provrpc = fromPulumi("./proto/provider_grpc_pb");
const plugproto = fromPulumi("./proto/plugin_pb");
const statusproto = fromPulumi("./proto/status_pb");
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const emptyproto = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const anyproto = fromPulumi("google-protobuf/google/protobuf/any_pb");

type Callback = (error: unknown, response?: unknown, metadata?: unknown) => void;
type Call = { request: any };

/** The resource kind from a URN: `urn:pulumi:stack::project::[parent$]netattach:alicloud:EniAttachment::name`. */
export function kindOfUrn(urn: string): ResourceKind {
  const type = (urn.split("::")[2] ?? "").split("$").pop() ?? "";
  const kind = kindOfType(type);
  if (!kind) throw new Error(`unknown resource type "${type}": this netattach plugin manages ${packageTypes()}`);
  return kind;
}

function packageTypes(): string {
  return RESOURCE_KINDS.map(typeToken).join(", ");
}

export class NetattachProvider {
  private config: ProviderSettings["config"] = {};

  constructor(
    private readonly version: string,
    private readonly options: { env?: NodeJS.ProcessEnv; runtime?: Runtime } = {},
  ) {}

  private context(timeoutSeconds?: number): ProviderContext {
    return {
      runtime: this.options.runtime ?? realRuntime,
      settings: { env: this.options.env ?? process.env, config: this.config },
      timeoutMs: timeoutSeconds && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    };
  }

  getPluginInfo(_call: Call, callback: Callback) {
    const info = new plugproto.PluginInfo();
    info.setVersion(this.version);
    callback(null, info);
  }

  getSchema(call: Call, callback: Callback) {
    if (call.request.getVersion() !== 0) return callback(new Error(`unsupported schema version ${call.request.getVersion()}`));
    const response = new provproto.GetSchemaResponse();
    response.setSchema(JSON.stringify(packageSchema(this.version)));
    callback(null, response);
  }

  configure(call: Call, callback: Callback) {
    const args = call.request.getArgs()?.toJavaScript() ?? {};
    this.config = settingsFromPluginConfig(args, call.request.getVariablesMap());
    const response = new provproto.ConfigureResponse();
    // Plain values in, plain values out: the engine unwraps secrets before calling us and keeps
    // an input's secretness on the outputs itself.
    response.setAcceptsecrets(false);
    response.setSupportspreview(false);
    callback(null, response);
  }

  async check(call: Call, callback: Callback) {
    await respond(callback, async () => {
      const req = call.request;
      const news = req.getNews()?.toJavaScript() ?? {};
      const result = (await invoke(kindOfUrn(req.getUrn()), "check", [req.getOlds()?.toJavaScript() ?? {}, news], this.context())) as {
        inputs?: object;
        failures?: Array<{ property: string; reason: string }>;
      };
      const response = new provproto.CheckResponse();
      response.setInputs(structproto.Struct.fromJavaScript(result.inputs ?? news));
      response.setFailuresList(
        (result.failures ?? []).map((f) => {
          const failure = new provproto.CheckFailure();
          failure.setProperty(f.property);
          failure.setReason(f.reason);
          return failure;
        }),
      );
      return response;
    });
  }

  async diff(call: Call, callback: Callback) {
    await respond(callback, async () => {
      const req = call.request;
      const result = (await invoke(kindOfUrn(req.getUrn()), "diff", [req.getId(), req.getOlds().toJavaScript(), req.getNews().toJavaScript()], this.context())) as {
        changes: boolean;
        replaces: string[];
        deleteBeforeReplace: boolean;
      };
      const response = new provproto.DiffResponse();
      response.setChanges(result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
      response.setReplacesList(result.replaces ?? []);
      response.setDeletebeforereplace(result.deleteBeforeReplace === true);
      return response;
    });
  }

  async create(call: Call, callback: Callback) {
    await respond(callback, async () => {
      const req = call.request;
      const result = (await invoke(kindOfUrn(req.getUrn()), "create", [req.getProperties().toJavaScript()], this.context(req.getTimeout()))) as { id: string; outs: object };
      const response = new provproto.CreateResponse();
      response.setId(result.id);
      response.setProperties(structproto.Struct.fromJavaScript(result.outs));
      return response;
    });
  }

  async read(call: Call, callback: Callback) {
    await respond(callback, async () => {
      const req = call.request;
      const result = (await invoke(kindOfUrn(req.getUrn()), "read", [req.getId(), req.getProperties()?.toJavaScript() ?? {}], this.context())) as {
        id?: string;
        props?: object;
        inputs?: object;
      };
      const response = new provproto.ReadResponse();
      // An empty id tells the engine the resource is gone.
      response.setId(result?.id ?? "");
      if (result?.props) response.setProperties(structproto.Struct.fromJavaScript(result.props));
      if (result?.inputs) response.setInputs(structproto.Struct.fromJavaScript(result.inputs));
      return response;
    });
  }

  async update(call: Call, callback: Callback) {
    await respond(callback, async () => {
      const req = call.request;
      const result = (await invoke(
        kindOfUrn(req.getUrn()),
        "update",
        [req.getId(), req.getOlds().toJavaScript(), req.getNews().toJavaScript()],
        this.context(req.getTimeout()),
      )) as { outs: object };
      const response = new provproto.UpdateResponse();
      response.setProperties(structproto.Struct.fromJavaScript(result.outs));
      return response;
    });
  }

  async delete(call: Call, callback: Callback) {
    await respond(callback, async () => {
      const req = call.request;
      await invoke(kindOfUrn(req.getUrn()), "delete", [req.getId(), req.getProperties().toJavaScript()], this.context(req.getTimeout()));
      return new emptyproto.Empty();
    });
  }

  cancel(_call: Call, callback: Callback) {
    callback(null, new emptyproto.Empty());
  }
}

/** What the engine may call that this provider does not offer: it falls back (config) or reports it. */
const UNIMPLEMENTED = [
  "handshake", "checkConfig", "diffConfig", "invoke", "streamInvoke", "call", "construct", "attach",
  "getMapping", "getMappings", "parameterize", "list",
];

async function respond(callback: Callback, run: () => Promise<unknown>): Promise<void> {
  try {
    callback(null, await run());
  } catch (error) {
    if (error instanceof Error) error.message = pluginConfigHints(error.message);
    const failure = grpcError(error as Error & { id?: string; properties?: object; reasons?: string[] });
    callback(failure, null, failure.metadata);
  }
}

/**
 * Errors name the stack config key to set as the dynamic resources read it (`alicloud:secretKey`);
 * through the plugin that key is `netattach:alicloudSecretKey` (config.ts), so the hint says that,
 * and a timeout's hint names customTimeouts. Wording only: no decision reads message text.
 */
export function pluginConfigHints(message: string): string {
  const named = CONFIG_KEYS.reduce((text, key) => text.split(`pulumi config set ${key} `).join(`pulumi config set netattach:${pluginConfigName(key)} `), message);
  // A wait's deadline here is the resource's customTimeouts option when set (timeouts.ts).
  return named.split("Raise the resource's `timeouts` input").join("Raise the resource's `customTimeouts` option (or its `timeouts` input)");
}

/**
 * A failure as the engine reads it. A create whose change the cloud accepted but did not confirm
 * (confirmedOrPartial) carries an id and outputs: they go back as ErrorResourceInitFailed, so the
 * engine records the resource with an init error, exactly as the dynamic-provider shim does.
 */
function grpcError(error: Error & { id?: string; properties?: object; reasons?: string[] }) {
  const metadata = new grpc.Metadata();
  if (error.id) {
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(error.message);
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(structproto.Struct.fromJavaScript(error.properties ?? {}));
    detail.setReasonsList(error.reasons ?? []);
    const packed = new anyproto.Any();
    packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(packed);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, message: error.message, details: error.message, metadata };
}

/** Starts the service on a loopback port and prints the port, as the engine expects of a plugin. */
export async function serve(version: string): Promise<{ port: number; stop(): Promise<void> }> {
  const provider = new NetattachProvider(version) as unknown as Record<string, unknown>;
  const implementation: Record<string, unknown> = {};
  for (const method of Object.keys(provrpc.ResourceProviderService)) {
    const own = provider[method];
    implementation[method] =
      typeof own === "function" && !UNIMPLEMENTED.includes(method)
        ? (own as Function).bind(provider)
        : (call: { emit?: Function }, callback?: Callback) => {
            const error = { code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by the netattach provider` };
            if (callback) callback(error);
            else call.emit?.("error", error);
          };
  }
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService, implementation);
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error: Error | null, bound: number) => (error ? reject(error) : resolve(bound))),
  );
  return { port, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
