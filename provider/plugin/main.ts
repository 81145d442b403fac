#!/usr/bin/env node
// `pulumi-resource-netattach`: the resource plugin the Pulumi CLI starts for package `netattach`
// (Pulumi YAML and every other language, `pulumi import`). It prints its port and serves until the
// engine closes it.

import * as fs from "node:fs";
import * as path from "node:path";
import { serve } from "./server";

function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    if (manifest.name === "pulumi-netattach") return manifest.version;
  }
  return "0.0.0";
}

serve(packageVersion()).then(
  ({ port }) => console.log(String(port)),
  (error) => {
    console.error(`pulumi-resource-netattach: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
