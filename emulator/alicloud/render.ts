// Response bodies in Format=JSON or Format=XML. Lists follow the API's own nesting
// ({Instances:{Instance:[...]}}), which maps to XML as repeated <Instance> elements.

export type Format = "JSON" | "XML";

export function contentType(format: Format): string {
  return format === "JSON" ? "application/json;charset=utf-8" : "text/xml;charset=utf-8";
}

export function renderBody(format: Format, rootName: string, body: Record<string, unknown>): string {
  if (format === "JSON") return JSON.stringify(body);
  return `<?xml version="1.0" encoding="UTF-8"?>${element(rootName, body)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join("");
  if (value === undefined || value === null) return `<${name}/>`;
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => element(k, v))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);
}
