// The object Pulumi serializes into each resource's `__provider`. It must stay tiny and stateless:
// it captures only the kind string and loads the implementation from the installed package at
// call time, so state holds no code worth upgrading, no client and no credential, and refresh or
// destroy after a package upgrade run the newly installed code.
//
// Rules for this file (the serializer re-parses these functions' text):
// - no imports used inside the methods (a captured module would be serialized by value or by path);
// - `require` is never captured by the serializer and resolves from the project's node_modules;
// - compiled to ES2022, so async methods need no __awaiter helper.

import type { ResourceKind } from "./kinds";

export function dynamicProvider(kind: ResourceKind) {
  const provider = Object.create(require("./methods"));
  provider.kind = kind;
  return provider;
}
