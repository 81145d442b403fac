// The program's half of preflight (provider/preflight/index.ts explains the whole): a dynamic
// provider cannot tell a preview from an update, the program can. Only in a preview with stack
// config `netattach:preflight` = true does a resource carry the mark, with its name as value.

import * as pulumi from "@pulumi/pulumi";
import { PREVIEW_MARK } from "../provider/preflight";

export function preflightMark(name: string): Record<string, string> {
  if (!pulumi.runtime.isDryRun()) return {};
  return new pulumi.Config("netattach").getBoolean("preflight") ? { [PREVIEW_MARK]: name } : {};
}
