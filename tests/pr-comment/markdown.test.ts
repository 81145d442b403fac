// netattach-pr-comment on preview documents shaped like `pulumi preview --json` prints them for
// our dynamic resources (detailedDiff null, no diffReasons; the e2e suite checks the real CLI's).

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../tools/pr-comment/cli";
import { renderComment, GITHUB_COMMENT_LIMIT, FOLD_AFTER_ROWS } from "../../tools/pr-comment/markdown";
import { digestPreview, PreviewDocument, PreviewStep, UNKNOWN_SENTINEL } from "../../tools/pr-comment/preview";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../../tools/pr-comment/secrets";

const PROVIDER = "exports.handler = __f0; // serialized code";
const urn = (type: string, name: string) => `urn:pulumi:pr::netattach-demo::pulumi-nodejs:dynamic/${type}::${name}`;
const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value });

function state(type: string, name: string, inputs: Record<string, unknown>, outputs?: Record<string, unknown>, id?: string) {
  return { urn: urn(type, name), type: `pulumi-nodejs:dynamic/${type}`, id, inputs: { __provider: PROVIDER, ...inputs }, outputs: outputs && { __provider: PROVIDER, ...outputs } };
}

const eniOld = state("tencentcloud:EniAttachment", "cvm-eni", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcsec001" },
  { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcsec001", region: "ap-guangzhou", status: "attached", lastTaskId: "t-1" }, "eni-tcsec001+ins-vpc00001");
const eniNew = state("tencentcloud:EniAttachment", "cvm-eni", { instanceId: "ins-vpc00002", networkInterfaceId: "eni-tcsec001" });
const settingOld = state("alicloud:VpcClassicLinkSetting", "vpc", { vpcId: "vpc-demo00001" }, { vpcId: "vpc-demo00001", enabled: true, region: "cn-hangzhou", status: "Enabled" }, "vpc-demo00001");
const settingNew = state("alicloud:VpcClassicLinkSetting", "vpc", { vpcId: "vpc-demo00003" });

/** The steps --show-replacement-steps prints: delete-first for the ENI, create-first for the setting. */
const withReplacementSteps: PreviewDocument = {
  steps: [
    { op: "same", urn: "urn:pulumi:pr::netattach-demo::pulumi:pulumi:Stack::netattach-demo-pr", oldState: { type: "pulumi:pulumi:Stack" }, newState: { type: "pulumi:pulumi:Stack" } },
    { op: "delete-replaced", urn: eniOld.urn, oldState: eniOld },
    { op: "replace", urn: eniOld.urn, oldState: { ...eniOld, pendingReplacement: true }, newState: eniNew, replaceReasons: ["instanceId"], detailedDiff: null },
    { op: "create-replacement", urn: eniOld.urn, oldState: eniOld, newState: eniNew, replaceReasons: ["instanceId"] },
    { op: "create-replacement", urn: settingOld.urn, oldState: settingOld, newState: settingNew, replaceReasons: ["vpcId"] },
    { op: "replace", urn: settingOld.urn, oldState: settingOld, newState: settingNew, replaceReasons: ["vpcId"], detailedDiff: null },
    { op: "delete-replaced", urn: settingOld.urn, oldState: settingOld },
    {
      op: "update", urn: urn("alicloud:EniAttachment", "db-eni"),
      oldState: state("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001" }, { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001", status: "InUse" }, "eni-second0001:i-vpc0001"),
      newState: state("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001", timeouts: { create: "5m" } }),
      detailedDiff: null,
    },
    { op: "create", urn: urn("tencentcloud:ClassicLinkAttachment", "cvm"), newState: state("tencentcloud:ClassicLinkAttachment", "cvm", { instanceId: "ins-basic001", vpcId: UNKNOWN_SENTINEL }) },
    { op: "delete", urn: urn("alicloud:ClassicLinkAttachment", "web"), oldState: state("alicloud:ClassicLinkAttachment", "web", { instanceId: "i-classic0001", vpcId: "vpc-demo00001" }, {}, "i-classic0001:vpc-demo00001") },
    { op: "same", urn: urn("alicloud:EniAttachment", "other"), oldState: state("alicloud:EniAttachment", "other", { instanceId: "i-vpc0002" }), newState: state("alicloud:EniAttachment", "other", { instanceId: "i-vpc0002" }) },
  ],
  changeSummary: { create: 1, update: 1, replace: 2, delete: 1, same: 2 },
};

describe("the comment for a preview with every kind of change", () => {
  const text = renderComment(digestPreview(withReplacementSteps));

  test("starts with the hidden marker, the project and stack, and the counts by operation", () => {
    expect(text.split("\n")[0]).toBe("<!-- netattach-pr-comment -->");
    expect(text).toContain("### Pulumi preview: <code>netattach-demo</code> / <code>pr</code>");
    expect(text).toContain("**1 to create · 1 to update · 2 to replace · 1 to delete** · 1 unchanged (not listed)");
  });

  test("one row per changed resource, with old and new values and what forces the replace", () => {
    const rows = text.split("\n").filter((l) => l.startsWith("| <code>"));
    expect(rows).toEqual([
      '| <code>tencentcloud:EniAttachment</code> | cvm-eni | **replace, delete first** ⚠️ | **instanceId**: <code>"ins-vpc00001"</code> → <code>"ins-vpc00002"</code> | <code>instanceId</code> |',
      '| <code>alicloud:VpcClassicLinkSetting</code> | vpc | replace, create first | **vpcId**: <code>"vpc-demo00001"</code> → <code>"vpc-demo00003"</code> | <code>vpcId</code> |',
      '| <code>alicloud:EniAttachment</code> | db-eni | update | timeouts: + <code>{"create":"5m"}</code> | — |',
      '| <code>tencentcloud:ClassicLinkAttachment</code> | cvm | create | instanceId: + <code>"ins-basic001"</code><br>vpcId: + _(known after up)_ | — |',
      "| <code>alicloud:ClassicLinkAttachment</code> | web | delete | deletes <code>i-classic0001:vpc-demo00001</code> | — |",
    ]);
  });

  test("the delete-first replacement is called out as an outage window, the create-first one is not", () => {
    expect(text).toContain("> [!WARNING]");
    expect(text).toContain("> **Outage window:** this replacement deletes the old resource before the new one exists");
    expect(text).toContain("> - <code>tencentcloud:EniAttachment</code> **cvm-eni** (<code>eni-tcsec001+ins-vpc00001</code>) — replaced because <code>instanceId</code> changed");
    expect(text).not.toMatch(/Outage[^\n]*\n(> [^\n]*\n)*> - [^\n]*VpcClassicLinkSetting/);
  });

  test("unchanged resources, the stack, the serialized provider and output-only values are left out", () => {
    expect(text).not.toContain("other");
    expect(text).not.toContain("pulumi:pulumi:Stack");
    expect(text).not.toContain("__provider");
    expect(text).not.toContain("exports.handler");
    expect(text).not.toContain("lastTaskId");
    expect(text).not.toContain("status");
    expect(text).not.toContain("[!NOTE]");
  });
});

describe("without --show-replacement-steps", () => {
  const doc: PreviewDocument = { steps: withReplacementSteps.steps!.filter((s) => s.op !== "delete-replaced" && s.op !== "create-replacement") };

  test("the order is inferred from pendingReplacement, marked as inferred, and the missing flag is named", () => {
    const digest = digestPreview(doc);
    expect(digest.missingFlags).toEqual(["--show-replacement-steps"]);
    const text = renderComment(digest);
    expect(text).toContain("| cvm-eni | **replace, delete first** ⚠️ (inferred) |");
    expect(text).toContain("| vpc | replace, create first (inferred) |");
    expect(text).toContain("> [!NOTE]\n> This preview was made without <code>--show-replacement-steps</code>");
  });

  test("the bin says so on stderr and still writes the comment", () => {
    const result = main([], () => JSON.stringify(doc));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("pulumi preview --json --show-replacement-steps");
    expect(result.stdout).toContain("cvm-eni");
  });

  test("a preview without replacements needs no flag", () => {
    const digest = digestPreview({ steps: doc.steps!.filter((s) => s.op !== "replace") });
    expect(digest.missingFlags).toEqual([]);
    expect(main([], () => JSON.stringify({ steps: [] })).stderr).toBe("");
  });
});

describe("secrets", () => {
  const plaintext = "s3cr3t-Value-42";
  const step: PreviewStep = {
    op: "update", urn: urn("alicloud:EniAttachment", "db-eni"),
    oldState: { ...state("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0001", note: secret(plaintext), token: "old-token-value" }, { instanceId: "i-vpc0001", note: secret(plaintext), token: "old-token-value" }), additionalSecretOutputs: ["token"] },
    newState: state("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0002", note: secret("[secret]"), token: "new-token-value", echo: `copied ${plaintext} here` }),
  };
  const text = renderComment(digestPreview({ steps: [step], diagnostics: [{ severity: "warning", message: `a warning quoting ${plaintext}` }] }));

  test("values under Pulumi's secret signature are shown as [secret], old and new", () => {
    expect(text).toContain("note: <code>[secret]</code> → <code>[secret]</code>");
  });

  test("outputs marked secret (additionalSecretOutputs) are masked", () => {
    expect(text).toContain("token: <code>[secret]</code> → <code>[secret]</code>");
    expect(text).not.toContain("token-value");
  });

  test("a secret's plaintext is masked wherever else it appears", () => {
    expect(text).not.toContain(plaintext);
    expect(text).toContain("copied [secret] here");
    expect(text).toContain("a warning quoting [secret]");
  });
});

describe("size", () => {
  function manyUpdates(n: number, valueLength = 10): PreviewDocument {
    const steps: PreviewStep[] = [];
    for (let i = 0; i < n; i++) {
      steps.push({
        op: "update", urn: urn("alicloud:EniAttachment", `eni-${i}`),
        oldState: state("alicloud:EniAttachment", `eni-${i}`, { networkInterfaceId: "x".repeat(valueLength), timeouts: { create: "1m" } }),
        newState: state("alicloud:EniAttachment", `eni-${i}`, { networkInterfaceId: "x".repeat(valueLength), timeouts: { create: "2m" } }),
      });
    }
    return { steps };
  }

  test(`up to ${FOLD_AFTER_ROWS} rows stay open; more fold into <details> under the summary`, () => {
    expect(renderComment(digestPreview(manyUpdates(FOLD_AFTER_ROWS)))).not.toContain("<details>");
    const folded = renderComment(digestPreview(manyUpdates(FOLD_AFTER_ROWS + 1)));
    expect(folded).toContain(`<details>\n<summary>${FOLD_AFTER_ROWS + 1} changed resources</summary>`);
    expect(folded.indexOf("11 to update")).toBeLessThan(folded.indexOf("<details>"));
  });

  test("5,000 changed resources stay under GitHub's 65,536 characters and say how many are not shown", () => {
    const text = renderComment(digestPreview(manyUpdates(5000)));
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = text.split("\n").filter((l) => l.startsWith("| <code>")).length;
    expect(shown).toBeGreaterThan(100);
    expect(text).toContain(`…and ${5000 - shown} more changed resources not shown`);
    expect(text.trimEnd().endsWith("</details>")).toBe(true);
  });

  test("a long value is cut in its cell", () => {
    const text = renderComment(digestPreview(manyUpdates(1, 5000)));
    expect(text).not.toContain("x".repeat(201));
    expect(text.length).toBeLessThan(2000);
  });
});

describe("table safety", () => {
  test("pipes, backticks and HTML in names and values cannot break the table", () => {
    const doc: PreviewDocument = { steps: [{ op: "create", urn: urn("alicloud:EniAttachment", "a|b`<i>"), newState: state("alicloud:EniAttachment", "a|b`<i>", { instanceId: "i-`x`|<b>" }) }] };
    const row = renderComment(digestPreview(doc)).split("\n").find((l) => l.startsWith("| <code>"))!;
    expect(row.split(" | ")).toHaveLength(5);
    expect(row).toContain("a&#124;b`&lt;i&gt;");
    expect(row).toContain("<code>\"i-`x`&#124;&lt;b&gt;\"</code>");
  });
});

describe("the preview failed", () => {
  test("error diagnostics are shown in a fenced block under a caution", () => {
    const text = renderComment(digestPreview({ steps: [], diagnostics: [{ severity: "error", message: "preflight: ENI eni-x is attached to i-y\nfix: detach it" }] }));
    expect(text).toContain("No resource changes.");
    expect(text).toContain("> [!CAUTION]\n> **The preview failed**");
    expect(text).toContain("> ```\n> preflight: ENI eni-x is attached to i-y\n> fix: detach it\n> ```");
  });
});

describe("the bin", () => {
  const bin = path.join(__dirname, "..", "..", "dist", "tools", "pr-comment", "cli.js");

  test("reads a file argument or stdin and writes the same comment", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
    try {
      const file = path.join(dir, "preview.json");
      fs.writeFileSync(file, JSON.stringify(withReplacementSteps));
      const fromFile = execFileSync(process.execPath, [bin, file, "--marker", "<!-- prod -->"], { encoding: "utf8" });
      const fromStdin = execFileSync(process.execPath, [bin, "--marker", "<!-- prod -->"], { input: JSON.stringify(withReplacementSteps), encoding: "utf8" });
      expect(fromFile).toBe(fromStdin);
      expect(fromFile.split("\n")[0]).toBe("<!-- prod -->");
      expect(fromFile).toContain("cvm-eni");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("input that is not a preview fails with exit code 1 and says what to pass", () => {
    const notJson = spawnSync(process.execPath, [bin], { input: "Previewing update (dev):\n", encoding: "utf8" });
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain("not JSON");
    expect(notJson.stderr).toContain("pulumi preview --json --show-replacement-steps");
    expect(main([], () => "")).toMatchObject({ code: 1, stderr: expect.stringContaining("empty") });
    expect(main([], () => "[1]").code).toBe(1);
  });

  test("a bad option is a usage error, exit code 2", () => {
    expect(main(["--colour"], () => "{}")).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option --colour") });
    expect(main(["--max-chars", "10"], () => "{}").code).toBe(2);
    expect(main(["a.json", "b.json"], () => "{}").code).toBe(2);
  });

  test("--title replaces the heading; the counts and table stay", () => {
    const result = main(["--title", "Network changes in prod"], () => JSON.stringify(withReplacementSteps));
    expect(result.stdout).toContain("### Network changes in prod\n");
    expect(result.stdout).toContain("2 to replace");
  });

  test("--max-chars lowers the limit", () => {
    const steps: PreviewStep[] = Array.from({ length: 200 }, (_, i) => ({ op: "create", urn: urn("alicloud:EniAttachment", `e${i}`), newState: state("alicloud:EniAttachment", `e${i}`, { instanceId: "i-vpc0001" }) }));
    const result = main(["--max-chars", "5000"], () => JSON.stringify({ steps }));
    expect(result.stdout.length).toBeLessThanOrEqual(5000);
    expect(result.stdout).toContain("more changed resources not shown");
  });
});

describe("secret stack config", () => {
  // What `pulumi preview --json` prints for a dynamic resource whose input came from secret config:
  // the config key masked, the input in plaintext (seen with CLI v3.259, @pulumi/pulumi 3.248).
  const doc: PreviewDocument = {
    config: { "proj:createTimeout": "[secret]", "proj:omit": "x" },
    steps: [{
      op: "update", urn: urn("alicloud:EniAttachment", "db-eni"),
      oldState: state("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0001" }, { instanceId: "i-vpc0001" }),
      newState: state("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0001", timeouts: { create: "7m" } }),
    }],
  };
  const config = JSON.stringify({ "proj:createTimeout": { value: "7m", secret: true }, "proj:omit": { value: "x", secret: false } });

  test("without the config's secret values the bin refuses (exit 1) and names the keys and the option", () => {
    const result = main([], () => JSON.stringify(doc));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("secret config (proj:createTimeout)");
    expect(result.stderr).toContain("--secrets-from <file> with the output of `pulumi config --json --show-secrets`");
  });

  test("with --secrets-from every secret value is masked, however short; other config is not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
    try {
      fs.writeFileSync(path.join(dir, "config.json"), config);
      const result = main(["--secrets-from", path.join(dir, "config.json")], () => JSON.stringify(doc));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('timeouts: + <code>{"create":"[secret]"}</code>');
      expect(result.stdout).not.toContain("7m");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a --secrets-from file without the values (no --show-secrets) is refused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
    try {
      fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ "proj:createTimeout": { secret: true } }));
      const result = main(["--secrets-from", path.join(dir, "config.json")], () => JSON.stringify(doc));
      expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining("proj:createTimeout is secret but its value is missing") });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("preview --refresh", () => {
  test("refresh steps are not changes: counted in the header, not listed; the drift shows in the resource's own step", () => {
    const old = state("alicloud:VpcClassicLinkSetting", "vpc", { vpcId: "vpc-demo00001", enabled: true }, { vpcId: "vpc-demo00001", enabled: true }, "vpc-demo00001");
    const refreshed = state("alicloud:VpcClassicLinkSetting", "vpc", { vpcId: "vpc-demo00001", enabled: false }, { vpcId: "vpc-demo00001", enabled: false }, "vpc-demo00001");
    const text = renderComment(digestPreview({
      steps: [
        { op: "refresh", urn: old.urn, oldState: old, newState: old },
        { op: "refresh", urn: urn("alicloud:ClassicLinkAttachment", "web"), oldState: state("alicloud:ClassicLinkAttachment", "web", {}), newState: state("alicloud:ClassicLinkAttachment", "web", {}) },
        { op: "same", urn: "urn:pulumi:pr::netattach-demo::pulumi:pulumi:Stack::netattach-demo-pr", oldState: { type: "pulumi:pulumi:Stack" }, newState: { type: "pulumi:pulumi:Stack" } },
        { op: "update", urn: old.urn, oldState: refreshed, newState: state("alicloud:VpcClassicLinkSetting", "vpc", { vpcId: "vpc-demo00001", enabled: true }) },
      ],
      changeSummary: { same: 2, update: 1 },
    }));
    expect(text).toContain("**1 to update** · 1 unchanged (not listed) · refreshed 2 from the cloud first");
    expect(text.split("\n").filter((l) => l.startsWith("| <code>"))).toEqual(["| <code>alicloud:VpcClassicLinkSetting</code> | vpc | update | enabled: <code>false</code> → <code>true</code> | — |"]);
  });
});
