// Renders a preview digest as a GitHub-flavoured Markdown comment: counts first, the outage
// windows a reviewer must not miss, then one table row per changed resource. The comment always
// fits GitHub's limit: long tables fold into <details>, and rows that still do not fit are counted
// instead of shown.

import { MASK, maskSecrets } from "./secrets";
import { PreviewDigest, PropertyChange, ResourceChange, Shown } from "./preview";

/** GitHub refuses an issue or pull-request comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
export const DEFAULT_MARKER = "<!-- netattach-pr-comment -->";
/** Tables with more rows than this are folded, so the summary stays on screen. */
export const FOLD_AFTER_ROWS = 10;
const MAX_VALUE_CHARS = 200;

export interface RenderOptions {
  /** A hidden line the workflow finds its own comment by. */
  marker?: string;
  title?: string;
  maxChars?: number;
}

const OP_ORDER = ["create", "update", "replace", "delete", "read", "import", "discard"];
const OP_WORDS: Record<string, string> = { create: "to create", update: "to update", replace: "to replace", delete: "to delete", read: "to read", import: "to import", discard: "to discard" };

export function renderComment(digest: PreviewDigest, options: RenderOptions = {}): string {
  const limit = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const mask = (text: string) => maskSecrets(text, digest.secrets);
  const head = mask([...header(digest, options), ...notices(digest)].join("\n"));
  const rows = digest.changes.map((change) => mask(row(change)));
  const footer = mask(problems(digest).join("\n"));

  if (rows.length === 0) return fit([head, "", "No resource changes.", footer].join("\n").trimEnd() + "\n", limit);
  const tableHead = ["| Type | Name | Operation | What changes (old → new) | Forces replace |", "| --- | --- | --- | --- | --- |"];
  const fold = rows.length > FOLD_AFTER_ROWS;
  const open = fold ? ["<details>", `<summary>${rows.length} changed resources</summary>`, ""] : [];
  const close = fold ? ["", "</details>"] : [];
  const assemble = (shownRows: string[], omitted: number) =>
    [
      head,
      "",
      ...open,
      ...tableHead,
      ...shownRows,
      ...(omitted > 0 ? ["", `…and ${omitted} more changed resource${omitted === 1 ? "" : "s"} not shown: GitHub comments hold at most ${limit.toLocaleString("en-US")} characters. The job log has the full preview.`] : []),
      ...close,
      ...(footer ? ["", footer] : []),
    ].join("\n") + "\n";

  let shownRows = rows;
  let text = assemble(shownRows, 0);
  if (text.length <= limit) return text;
  // Drop rows from the end until it fits (outage windows stay listed in the header).
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (assemble(rows.slice(0, mid), rows.length - mid).length <= limit) low = mid;
    else high = mid - 1;
  }
  shownRows = rows.slice(0, low);
  text = assemble(shownRows, rows.length - low);
  return fit(text, limit);
}

/** Last resort for a header alone over the limit (thousands of outage windows): cut, never exceed. */
function fit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n\n…cut at GitHub's comment limit; the job log has the full preview.\n";
  return text.slice(0, limit - note.length) + note;
}

function header(digest: PreviewDigest, options: RenderOptions): string[] {
  const where = [digest.project, digest.stack].filter(Boolean).map((s) => code(String(s))).join(" / ");
  const title = options.title ?? `Pulumi preview${where ? `: ${where}` : ""}`;
  const counts = [...OP_ORDER.filter((op) => digest.counts[op]), ...Object.keys(digest.counts).filter((op) => !OP_ORDER.includes(op))]
    .map((op) => `${digest.counts[op]} ${OP_WORDS[op] ?? op}`);
  const summary = counts.length ? `**${counts.join(" · ")}**` : "**no changes**";
  const refreshed = digest.refreshed ? ` · refreshed ${digest.refreshed} from the cloud first` : "";
  return [options.marker ?? DEFAULT_MARKER, `### ${title}`, "", `${summary} · ${digest.unchanged} unchanged (not listed)${refreshed}`];
}

function notices(digest: PreviewDigest): string[] {
  const lines: string[] = [];
  const outages = digest.changes.filter((c) => c.deleteFirst === "yes" || c.deleteFirst === "inferred-yes");
  if (outages.length) {
    lines.push("", "> [!WARNING]");
    lines.push(`> **Outage window:** ${outages.length === 1 ? "this replacement deletes" : `these ${outages.length} replacements delete`} the old resource before the new one exists; until the create finishes, the link or attachment is gone.`);
    for (const c of outages) {
      const why = c.replaceReasons.length ? ` — replaced because ${c.replaceReasons.map(code).join(", ")} changed` : "";
      lines.push(`> - ${code(c.type)} **${escapeCell(c.name)}**${c.id ? ` (${code(c.id)})` : ""}${why}`);
    }
  }
  if (digest.missingFlags.length) {
    lines.push("", "> [!NOTE]");
    lines.push(
      `> This preview was made without ${digest.missingFlags.map(code).join(", ")}, so the order of each replacement is inferred from the old state, not given by Pulumi. Run ${code(`pulumi preview --json ${digest.missingFlags.join(" ")}`)} for a certain answer.`,
    );
  }
  return lines;
}

function problems(digest: PreviewDigest): string[] {
  const lines: string[] = [];
  if (digest.errors.length) {
    lines.push("> [!CAUTION]", `> **The preview failed** — \`pulumi up\` would fail too:`);
    for (const e of digest.errors) lines.push(...fence(e).map((l) => `> ${l}`));
  }
  if (digest.warnings.length) {
    lines.push(...(lines.length ? [""] : []), "<details>", `<summary>${digest.warnings.length} warning${digest.warnings.length === 1 ? "" : "s"}</summary>`, "");
    for (const w of digest.warnings) lines.push(...fence(w), "");
    lines.push("</details>");
  }
  return lines;
}

function row(change: ResourceChange): string {
  return `| ${code(change.type)} | ${escapeCell(change.name)} | ${operation(change)} | ${changes(change)} | ${change.replaceReasons.map(code).join(", ") || "—"} |`;
}

function operation(change: ResourceChange): string {
  switch (change.deleteFirst) {
    case "yes":
      return "**replace, delete first** ⚠️";
    case "inferred-yes":
      return "**replace, delete first** ⚠️ (inferred)";
    case "no":
      return "replace, create first";
    case "inferred-no":
      return "replace, create first (inferred)";
    default:
      return change.op;
  }
}

function changes(change: ResourceChange): string {
  if (change.op === "delete") return change.id ? `deletes ${code(change.id)}` : "deleted";
  if (change.properties.length === 0) return "—";
  return change.properties.map(property).join("<br>");
}

function property(p: PropertyChange): string {
  const key = p.forcesReplace ? `**${escapeCell(p.key)}**` : escapeCell(p.key);
  if (p.old.kind === "absent") return `${key}: + ${value(p.new)}`;
  if (p.new.kind === "absent") return `${key}: ${value(p.old)} → (removed)`;
  return `${key}: ${value(p.old)} → ${value(p.new)}`;
}

function value(shown: Shown): string {
  switch (shown.kind) {
    case "secret":
      return code(MASK);
    case "unknown":
      return "_(known after up)_";
    case "absent":
      return "—";
    default: {
      const text = typeof shown.value === "string" ? JSON.stringify(shown.value) : JSON.stringify(shown.value) ?? String(shown.value);
      return code(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text);
    }
  }
}

/** Inline code as HTML, so backticks and pipes in values cannot break the table. */
function code(text: string): string {
  return `<code>${escapeHtml(text).replace(/\|/g, "&#124;")}</code>`;
}

function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, "&#124;");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");
}

/** A fenced block long enough that no run of backticks inside can close it. */
function fence(text: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const bar = "`".repeat(longest + 1);
  return [bar, ...text.split("\n"), bar];
}
