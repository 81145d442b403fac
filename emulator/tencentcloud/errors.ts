// Tencent API 3.0 errors as data: the code exactly as the cloud spells it and a message. The
// protocol renders every TencentError the same way (HTTP 200, Response.Error), so handlers and the
// model only ever throw.

export class TencentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TencentError";
  }
}

export const notFound = (what: string, id: string) =>
  new TencentError("ResourceNotFound", `The ${what} \`${id}\` does not exist.`);

export const malformed = (param: string, value: unknown) =>
  new TencentError("InvalidParameterValue.Malformed", `The value \`${String(value)}\` of \`${param}\` is malformed.`);

export const missingParameter = (param: string) =>
  new TencentError("MissingParameter", `The request is missing a required parameter \`${param}\`.`);

export const invalidParameter = (message: string) => new TencentError("InvalidParameter", message);

/** A resource already has an operation in progress, or is locked (VPC's common "ActionLocked"). */
export const actionLocked = (id: string) =>
  new TencentError("ActionLocked", `The resource \`${id}\` is locked; wait for the previous operation to finish.`);
