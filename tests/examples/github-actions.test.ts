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
