// The workflows to copy (examples/github-actions/) pass a real workflow linter: actionlint, built
// from its Go module by scripts/ensure-actionlint (cached after the first build).

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

jest.setTimeout(10 * 60_000);

const DIR = path.join(REPO_ROOT, "examples", "github-actions");
const PREVIEW = path.join(DIR, "pulumi-preview.yml");
const COMMENT = path.join(DIR, "pulumi-preview-comment.yml");
let actionlint: string;

beforeAll(() => {
  actionlint = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-actionlint")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop()!;
});

function lint(...files: string[]) {
  return spawnSync(actionlint, ["-no-color", ...files], { encoding: "utf8" });
}

test("actionlint finds nothing wrong in either workflow", () => {
  const result = lint(PREVIEW, COMMENT);
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});

test("actionlint would catch a broken copy (so the test above can fail)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-"));
  try {
    const broken = path.join(dir, "broken.yml");
    fs.writeFileSync(broken, fs.readFileSync(PREVIEW, "utf8").replace("steps.target.outputs.mode == 'emulator'", "steps.targett.outputs.mode == 'emulator'"));
    const result = lint(broken);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('property "targett" is not defined');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the preview asks for the flags the comment needs, masks secret config, and the poster accepts its marker", () => {
  const preview = fs.readFileSync(PREVIEW, "utf8");
  const previews = preview.match(/^\s*pulumi preview [^\n]*/gm) ?? [];
  expect(previews).toHaveLength(2);
  for (const line of previews) expect(line).toContain("--json --show-replacement-steps");
  expect(preview).toContain('--secrets-from "$RUNNER_TEMP/config.json"');
  expect(preview).toContain("pulumi config set netattach:preflight true");
  const marker = preview.match(/--marker "([^"]+)"/)![1].replace("$STACK", "prod");
  const accepted = new RegExp(fs.readFileSync(COMMENT, "utf8").match(/if \(!(\/\^<!-- .*\$\/)\.test\(marker\)\)/)![1].slice(1, -1));
  expect(accepted.test(marker)).toBe(true);
  expect(accepted.test("<!-- netattach-pr-comment:prod --><script>")).toBe(false);
});

/** The `run:` script of the step with this name, as the runner's bash would get it. */
function stepScript(workflow: string, name: string): string {
  const lines = fs.readFileSync(workflow, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `- name: ${name}`);
  expect(start).toBeGreaterThan(-1);
  const run = lines.findIndex((l, i) => i > start && l.trim() === "run: |");
  const indent = lines[run + 1].match(/^\s*/)![0].length;
  const body: string[] = [];
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== "" && line.match(/^\s*/)![0].length < indent) break;
    body.push(line.slice(indent));
  }
  return body.join("\n");
}

describe("the fork path of the workflow, run as the runner would run it", () => {
  // The two steps' scripts, in a consumer project with the package installed, as bash -e runs them.
  const { ensurePulumi } = require("../../scripts/lib/pulumi-cli");
  const { consumerOfThisRepo, placeProgram } = require("../helpers/consumer");
  let runnerTemp: string;
  let emulatorPid: number | undefined;

  afterAll(() => {
    if (emulatorPid) process.kill(emulatorPid, "SIGTERM");
    if (runnerTemp) fs.rmSync(runnerTemp, { recursive: true, force: true });
  });

  test("previews against the emulator without any credential and writes the comment; nothing is changed", async () => {
    const binDir: string = ensurePulumi();
    const consumer = consumerOfThisRepo();
    const workDir: string = placeProgram(consumer, path.join(REPO_ROOT, "tests", "e2e", "pr-review-program"), "workflow");
    fs.copyFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), path.join(workDir, "emulator-seed.json"));
    runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), "runner-temp-"));
    const githubEnv = path.join(runnerTemp, "github-env");
    const env: Record<string, string> = {
      PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
      HOME: process.env.HOME ?? os.homedir(),
      PULUMI_HOME: path.join(runnerTemp, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      RUNNER_TEMP: runnerTemp,
      GITHUB_ENV: githubEnv,
      GITHUB_STEP_SUMMARY: path.join(runnerTemp, "summary.md"),
      STACK: "dev",
      EMULATOR_SEED: "emulator-seed.json",
      PR_NUMBER: "17",
      PULUMI_CONFIG_PASSPHRASE: "emulator-only",
    };
    const bash = (script: string, extraEnv: Record<string, string> = {}) => {
      const result = spawnSync("bash", ["-e", "-c", script], { cwd: workDir, env: { ...env, ...extraEnv }, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`step failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
      return result;
    };

    bash(stepScript(PREVIEW, "Preview against the emulator"));
    emulatorPid = Number(fs.readFileSync(path.join(runnerTemp, "emulator.pid"), "utf8"));
    const written = Object.fromEntries(fs.readFileSync(githubEnv, "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    expect(written.PREVIEW_STATUS).toBe("0");
    expect(written.ALICLOUD_ECS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    bash(stepScript(PREVIEW, "Write the comment"), { TARGET_NOTE: written.TARGET_NOTE });
    const markdown = fs.readFileSync(path.join(runnerTemp, "comment", "comment.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe("<!-- netattach-pr-comment:dev -->");
    expect(markdown).toContain("**5 to create**");
    expect(markdown).toContain("previewed the program against the pulumi-netattach emulator seeded from `emulator-seed.json`");
    expect(fs.readFileSync(path.join(runnerTemp, "comment", "pr-number"), "utf8").trim()).toBe("17");
    expect(fs.existsSync(path.join(runnerTemp, "config.json"))).toBe(false);

    // Preflight read the emulator; nothing was changed.
    const log = (await (await fetch(`${written.ALICLOUD_ECS_ENDPOINT}/__emulator/requests`)).json()) as { requests: Array<{ action: string }> };
    expect(log.requests.some((r) => r.action === "DescribeVpcAttribute")).toBe(true);
    expect(log.requests.filter((r) => !r.action.startsWith("Describe"))).toEqual([]);
  });
});
