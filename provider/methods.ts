// The methods of every serialized provider. A provider object is `Object.create(this module)`
// plus its `kind`; when the package is installed, Pulumi's serializer emits this module as a
// `require("pulumi-netattach/dist/provider/methods.js")`, so `__provider` is a few hundred bytes
// and always runs the installed code. Methods load the implementation at call time by package name
// (never a relative path), so they also work when serialized by value (a linked checkout).

type Receiver = { kind: string };

function run(receiver: Receiver, method: string, args: unknown[]): Promise<any> {
  return require("pulumi-netattach/provider").call(receiver.kind, method, args);
}

export function configure(this: Receiver, ...args: unknown[]) { return run(this, "configure", args); }
export function check(this: Receiver, ...args: unknown[]) { return run(this, "check", args); }
export function diff(this: Receiver, ...args: unknown[]) { return run(this, "diff", args); }
export function create(this: Receiver, ...args: unknown[]) { return run(this, "create", args); }
export function read(this: Receiver, ...args: unknown[]) { return run(this, "read", args); }
export function update(this: Receiver, ...args: unknown[]) { return run(this, "update", args); }
// `delete` is a reserved word for a function declaration.
function deleteResource(this: Receiver, ...args: unknown[]) { return run(this, "delete", args); }
export { deleteResource as delete };
