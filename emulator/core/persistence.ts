// State file: written after every change with write-then-rename, so a crash never leaves a
// half-written file, and read back on start (the file wins over the seed).

import * as fs from "node:fs";
import * as path from "node:path";
import { parseJsonStrict } from "./safe-keys";

/** A state file that cannot be read or loaded; the message names the file. */
export class StateFileError extends Error {
  constructor(readonly filePath: string, cause: unknown) {
    super(`state file ${filePath}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "StateFileError";
  }
}

export class StateFile {
  constructor(readonly filePath: string) {}

  exists(): boolean {
    return fs.existsSync(this.filePath);
  }

  read(): unknown {
    try {
      return parseJsonStrict(fs.readFileSync(this.filePath, "utf8"));
    } catch (err) {
      throw new StateFileError(this.filePath, err);
    }
  }

  write(state: unknown): void {
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, this.filePath);
  }
}
