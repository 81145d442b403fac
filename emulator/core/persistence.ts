// State file: written after every change with write-then-rename, so a crash never leaves a
// half-written file, and read back on start (the file wins over the seed).

import * as fs from "node:fs";
import * as path from "node:path";

export class StateFile {
  constructor(readonly filePath: string) {}

  exists(): boolean {
    return fs.existsSync(this.filePath);
  }

  read(): unknown {
    return JSON.parse(fs.readFileSync(this.filePath, "utf8"));
  }

  write(state: unknown): void {
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, this.filePath);
  }
}
