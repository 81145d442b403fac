// Optional https for clients that speak nothing else (tccli). A given PEM pair is used as is;
// otherwise a self-signed pair for localhost / 127.0.0.1 / ::1 is made with the openssl binary.
// Choice: node:crypto makes keys but not X.509 certificates, and the emulator adds no runtime
// dependency (such as selfsigned) for an optional feature; openssl ships with every system that
// has Node's usual toolchain, and without it the message says to pass --tls-cert/--tls-key.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface TlsFiles {
  certPath: string;
  keyPath: string;
}

export interface TlsPair extends TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export function readTlsPair(files: TlsFiles): TlsPair {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new Error(`TLS ${what} ${file}: ${(err as Error).message}`);
    }
  };
  return { ...files, cert: read(files.certPath, "certificate"), key: read(files.keyPath, "key") };
}

/** Writes cert.pem and key.pem (mode 600) into dir (default: a new temp dir), valid 30 days. */
export function generateSelfSigned(dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-emulator-tls-"))): TlsPair {
  fs.mkdirSync(dir, { recursive: true });
  const certPath = path.join(dir, "cert.pem");
  const keyPath = path.join(dir, "key.pem");
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1", "-keyout", keyPath, "-out", certPath],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } catch (err) {
    const detail = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
    throw new Error(`cannot generate a self-signed certificate with openssl (${detail}); pass --tls-cert FILE --tls-key FILE instead`);
  }
  fs.chmodSync(keyPath, 0o600);
  return readTlsPair({ certPath, keyPath });
}
