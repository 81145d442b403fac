// Typed errors. Every decision (retry, wait, adopt, treat-as-gone) reads these fields; nothing
// in the provider inspects message text.

export type Cloud = "alicloud" | "tencentcloud";

/**
 * How the retry and wait layers treat an error:
 * - "transient": one request failed for reasons unrelated to our input (throttling, 5xx, reset,
 *   timeout); safe to resend a read; a mutation is re-read first (see ambiguous).
 * - "conflict": the resource is busy (locked, in a transitional state); wait and try again
 *   until the operation's deadline.
 * - "notFound": the thing addressed does not exist.
 * - "fatal": our input or the cloud's state is wrong; fail now with a hint.
 */
export type RetryClass = "transient" | "conflict" | "notFound" | "fatal";

export interface CloudErrorFields {
  cloud: Cloud;
  service: string;
  action: string;
  /** The cloud's error code, or a transport code such as ECONNRESET / TIMEOUT. */
  code: string;
  httpStatus?: number;
  requestId?: string;
  retryClass: RetryClass;
  /**
   * True when the request may have reached the cloud and changed it although no answer came
   * back (reset, timeout): a mutation must be re-read, never blindly repeated.
   */
  ambiguous: boolean;
  /** The cloud's message, with anything credential-like removed. */
  cloudMessage: string;
  /** Plain-language next step for the user. */
  hint?: string;
}

export class CloudError extends Error implements CloudErrorFields {
  readonly cloud!: Cloud;
  readonly service!: string;
  readonly action!: string;
  readonly code!: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly retryClass!: RetryClass;
  readonly ambiguous!: boolean;
  readonly cloudMessage!: string;
  readonly hint?: string;

  constructor(fields: CloudErrorFields) {
    super(describe(fields));
    this.name = "CloudError";
    Object.assign(this, fields);
  }

  withHint(hint: string): CloudError {
    return new CloudError({ ...this.fields(), hint });
  }

  fields(): CloudErrorFields {
    const { cloud, service, action, code, httpStatus, requestId, retryClass, ambiguous, cloudMessage, hint } = this;
    return { cloud, service, action, code, httpStatus, requestId, retryClass, ambiguous, cloudMessage, hint };
  }
}

function describe(f: CloudErrorFields): string {
  const where = `${f.cloud} ${f.service.toUpperCase()} ${f.action}`;
  const status = f.httpStatus !== undefined ? ` (HTTP ${f.httpStatus})` : "";
  const request = f.requestId ? ` [request id ${f.requestId}]` : "";
  const hint = f.hint ? `\n  What to do: ${f.hint}` : "";
  return `${where} failed: ${f.code}${status}: ${f.cloudMessage}${request}${hint}`;
}

/** An input that cannot be sent; raised before any request. */
export class InputError extends Error {
  constructor(readonly property: string, readonly reason: string) {
    super(`${property}: ${reason}`);
    this.name = "InputError";
  }
}

/** The cloud is in a state that this operation cannot proceed from (e.g. instance Expired). */
export class StateError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}\n  What to do: ${hint}` : message);
    this.name = "StateError";
  }
}

/** A waiter reached its deadline. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly waitedFor: string,
    readonly lastSeen: string,
    readonly elapsedMs: number,
    readonly polls: number,
  ) {
    super(
      `timed out after ${(elapsedMs / 1000).toFixed(1)}s (${polls} polls) waiting for ${waitedFor}; ` +
        `last seen: ${lastSeen}. Raise the resource's \`timeouts\` input if the cloud is slow, ` +
        `or check the resource in the console.`,
    );
    this.name = "WaitTimeoutError";
  }
}

/** A Tencent asynchronous task ended FAILED. */
export class TaskFailedError extends Error {
  constructor(readonly action: string, readonly taskId: string, readonly output: string) {
    super(`tencentcloud ${action} task ${taskId} FAILED: ${output}`);
    this.name = "TaskFailedError";
  }
}

export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError;
}

/**
 * A change was sent and its answer was lost, and no read could settle whether it landed: reading
 * the cloud kept failing until the deadline (`readError`), or the cloud does not show a change
 * while it is in progress (`lastError` is then the last answer). The cloud may have it, so the
 * resources record it as partial state.
 */
export class UnconfirmedChangeError extends Error {
  constructor(readonly lostAnswer: unknown, readonly readError?: CloudError, readonly lastError?: unknown) {
    super(
      `the change may have been applied: ${errorText(lostAnswer)}; ` +
        (readError
          ? `reading the cloud to confirm it failed until the deadline: ${readError.message}. `
          : `the cloud does not show it while it is in progress, and the last answer was: ${errorText(lastError)}. `) +
        "The resource is kept in the stack (as pending after a create or update): the next `pulumi up` or `pulumi destroy` finishes it, `pulumi refresh` reads what happened.",
    );
    this.name = "UnconfirmedChangeError";
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
