import type { Call, TencentModel } from "../model";
import type { Params } from "../params";

/** Reads parameters, calls the model, shapes the result (RequestId is added by the protocol). */
export type Handler = (model: TencentModel, call: Call, params: Params) => Record<string, unknown>;

export type HandlerTable = Record<string, Handler>;
