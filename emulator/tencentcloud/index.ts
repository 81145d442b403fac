// Tencent Cloud (API 3.0: VPC and CVM 2017-03-12) plugged into the emulator server.

import type { CloudService } from "../core/types";
import { runControl } from "./control";
import { TencentModel } from "./model";
import { claimsTencentRequest, handleTencentRequest, tooLargeAnswer } from "./protocol";
import type { TencentSeedSection } from "./seed";
import { settle } from "./transitions";
import { V1NonceBook } from "./v1";

export type { TencentSeedSection } from "./seed";

export function createTencentCloudService(): CloudService<TencentSeedSection> {
  const model = new TencentModel();
  const nonces = new V1NonceBook();
  return {
    cloud: "tencentcloud",
    claims: claimsTencentRequest,
    handle: (req, ctx) => handleTencentRequest(model, req, ctx, nonces),
    tooLarge: (_req, limit) => tooLargeAnswer(limit),
    dump: () => model.dump(),
    load: (section) => model.load(section),
    // The server persists after every control op.
    control: (op, body, ctx) => runControl(model, op, body, ctx?.now() ?? Date.now()),
    tick: (ctx) => {
      if (settle(model, ctx.clock(), ctx.now())) ctx.changed();
    },
  };
}
