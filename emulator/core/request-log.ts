// The log of cloud API calls (GET /__emulator/requests), used by tests to count calls.

import type { CallRecord } from "./types";

export interface LoggedCall extends CallRecord {
  seq: number;
  /** Emulator time the call arrived. */
  at: number;
  /** What happened on the wire: answered, or socket reset by a fault. */
  outcome: "response" | "reset";
}

export class RequestLog {
  private calls: LoggedCall[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10000) {}

  add(record: CallRecord, at: number, outcome: LoggedCall["outcome"]): void {
    this.calls.push({ seq: ++this.seq, at, outcome, ...record });
    if (this.calls.length > this.capacity) this.calls.splice(0, this.calls.length - this.capacity);
  }

  list(filter: { cloud?: string; action?: string } = {}): LoggedCall[] {
    return this.calls.filter((c) => (!filter.cloud || c.cloud === filter.cloud) && (!filter.action || c.action === filter.action));
  }

  clear(): void {
    this.calls = [];
  }
}
