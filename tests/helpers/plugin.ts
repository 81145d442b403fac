// Helpers for programs that use the netattach resource plugin (Pulumi YAML, `pulumi import`):
// the consumer project's node_modules/.bin holds `pulumi-resource-netattach` and `netattach`.

import * as fs from "node:fs";
import * as path from "node:path";
import type { Consumer } from "./consumer";
import type { LoggedRequest, TestEmulator } from "./emulator";

/** The consumer's bin directory, for PATH (the CLI finds ambient plugins there). */
export function consumerBin(consumer: Consumer): string {
  return path.join(consumer.dir, "node_modules", ".bin");
}

/**
 * Writes a YAML program into the consumer; `plugins: providers: path` entries that point at
 * ./node_modules/.bin are made absolute, since the program sits below the consumer root.
 */
export function placeYamlProgram(consumer: Consumer, name: string, yaml: string): string {
  const dir = path.join(consumer.dir, "programs", `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.replace(/path: \.\/node_modules\/\.bin/g, `path: ${consumerBin(consumer)}`));
  return dir;
}

/** An empty YAML project, for `pulumi import` and `pulumi destroy` without resources of its own. */
export function emptyYamlProject(name: string): string {
  return `name: ${name}\nruntime: yaml\nresources: {}\n`;
}

/** Calls that may change the cloud: anything that is not a read. */
export function mutatingCalls(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => !/^Describe/.test(r.action));
}

/** What the emulator holds of the things these resources manage. */
export async function attachments(emulator: TestEmulator) {
  const state: any = await emulator.control.state();
  const pick = (cloud: any) => ({ vpcs: cloud?.vpcs ?? [], classicLinks: cloud?.classicLinks ?? [], networkInterfaces: cloud?.networkInterfaces ?? [] });
  return { alicloud: pick(state.alicloud), tencentcloud: pick(state.tencentcloud) };
}
