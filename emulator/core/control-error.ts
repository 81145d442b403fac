// An out-of-band control op the emulator rejects (unknown id, unknown op, bad body); the control
// API answers it with this HTTP status and {error: message}.

export class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "ControlError";
  }
}
