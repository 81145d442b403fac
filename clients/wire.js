// What each row's client really put on the wire. The http rows talk to a recorder on another
// loopback port that hands every request, Host header and bytes unchanged, to the emulator (which
// verifies signatures over the Host as sent, so the recorder's address is what gets signed), and
// keeps method, headers and parameters. A mode the table names is then a fact, not a setting that
// an SDK might have ignored.
"use strict";

const http = require("node:http");

/** A recorder in front of `target` (an http URL); `requests` fills as calls pass. */
function startRecorder(target) {
  const to = new URL(target);
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString("utf8") });
      const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Query parameters, and form-body ones for a form POST. */
function parameters(request) {
  const params = new URLSearchParams(request.url.split("?")[1] ?? "");
  if (/application\/x-www-form-urlencoded/.test(request.headers["content-type"] ?? "")) {
    for (const [k, v] of new URLSearchParams(request.body)) params.set(k, v);
  }
  return params;
}

/** Why this request is not of the mode the row names (undefined when it is). */
function wireMismatch(mode, request) {
  const auth = request.headers.authorization ?? "";
  const params = parameters(request);
  const [generation, method, variant] = mode.split("-");
  const expectMethod = (m) => (request.method !== m ? `${request.method}, expected ${m}` : undefined);
  switch (generation) {
    case "TC3":
      if (!auth.startsWith("TC3-HMAC-SHA256 ")) return `Authorization ${JSON.stringify(auth.slice(0, 30))}, expected TC3-HMAC-SHA256`;
      if ((request.headers["x-tc-content-sha256"] === "UNSIGNED-PAYLOAD") !== (variant === "UNSIGNED")) return `X-TC-Content-SHA256 ${request.headers["x-tc-content-sha256"] ?? "absent"}`;
      return expectMethod(method);
    case "HmacSHA1":
    case "HmacSHA256":
      if (auth) return `an Authorization header in a v1 request`;
      if (!params.get("Signature") || !params.get("SecretId")) return "no v1 SecretId/Signature parameters";
      if ((params.get("SignatureMethod") ?? "HmacSHA1") !== generation) return `SignatureMethod ${params.get("SignatureMethod")}`;
      return expectMethod(method);
    case "ACS3":
      return auth.startsWith(`${mode === "ACS3" ? "ACS3-HMAC-SHA256" : mode} `) ? undefined : `Authorization ${JSON.stringify(auth.slice(0, 30))}, expected ${mode === "ACS3" ? "ACS3-HMAC-SHA256" : mode}`;
    case "RPCv1":
      if (auth.startsWith("ACS3-")) return "an ACS3 Authorization in an RPC v1 request";
      if (params.get("SignatureMethod") !== "HMAC-SHA1" || params.get("SignatureVersion") !== "1.0" || !params.get("Signature")) return "no RPC v1 Signature/SignatureMethod=HMAC-SHA1/SignatureVersion=1.0";
      return method ? expectMethod(method) : undefined;
    default:
      return `no wire rule for mode ${mode}`;
  }
}

module.exports = { startRecorder, wireMismatch };
