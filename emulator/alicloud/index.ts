// The Alibaba Cloud service as the server sees it (CloudService seam in core/types.ts).

import type { CloudSeedSection } from "../core/seed";
import type { CloudService, EmulatorContext } from "../core/types";
import { runControl } from "./control";
import { AliModel, type ModelEnv } from "./model";
import type { AliSection } from "./seed";
import { NonceBook } from "./auth";
import { handleAlibaba, looksLikeAlibaba, tooLargeAnswer } from "./protocol";
import { tick } from "./transitions";

export type { AliSection } from "./seed";

/** Before any call carries a context, control ops still need a clock and a default account. */
const fallbackEnv: ModelEnv = { clock: () => ({ mode: "immediate" }), now: () => Date.now(), defaultAccount: () => "default" };

export function createAliCloudService(): CloudService<AliSection> {
  const model = new AliModel();
  const nonces = new NonceBook();
  return {
    cloud: "alicloud",
    claims: looksLikeAlibaba,
    handle: (req, ctx) => handleAlibaba(req, ctx, model, nonces),
    tooLarge: tooLargeAnswer,
    dump: () => model.dump(),
    load: (section) => model.load(section as CloudSeedSection | undefined),
    control: (op, body, ctx?: EmulatorContext) => runControl(model, op, body, ctx ?? fallbackEnv),
    tick: (ctx) => tick(model, ctx),
  };
}
