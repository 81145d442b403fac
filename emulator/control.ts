// The control API under /__emulator/: what tests and people use to set up and inspect the cloud
// behind the provider's back. Answers are JSON; invalid input gets 400 with {error}.

import { ControlError } from "./core/control-error";
import { ForbiddenKeyError, parseJsonStrict } from "./core/safe-keys";
import type { EmulatorRuntime } from "./core/runtime";
import { checkNumber, KNOB_LIMITS, SeedError, validateClock, validateFaults, validateLatency, validateRateLimits } from "./core/seed";

export interface ControlResponse {
  status: number;
  body: unknown;
}

export { ControlError };

export function handleControl(runtime: EmulatorRuntime, method: string, path: string, query: URLSearchParams, body: Buffer): ControlResponse {
  try {
    const input = parseJson(body);
    const route = `${method} ${path.replace(/\/+$/, "")}`;
    switch (route) {
      case "POST /__emulator/reset":
        runtime.load(input);
        runtime.log.clear();
        return ok({ ok: true });
      case "GET /__emulator/state":
        runtime.tick();
        return ok(runtime.dump());
      case "GET /__emulator/clock":
        return ok(clockView(runtime));
      case "POST /__emulator/clock":
        return ok(setClock(runtime, input));
      case "GET /__emulator/faults":
        return ok(runtime.faults.dump());
      case "POST /__emulator/faults":
        return ok(setFaults(runtime, input));
      case "GET /__emulator/requests":
        return ok({ requests: runtime.log.list({ cloud: query.get("cloud") ?? undefined, action: query.get("action") ?? undefined }) });
      case "DELETE /__emulator/requests":
        runtime.log.clear();
        return ok({ ok: true });
    }
    const cloudOp = /^POST \/__emulator\/(alicloud|tencentcloud)\/([A-Za-z0-9_-]+)$/.exec(route);
    if (cloudOp) {
      const service = runtime.service(cloudOp[1]);
      if (!service) return { status: 404, body: { error: `cloud ${cloudOp[1]} is not available` } };
      service.tick?.(runtime.ctx);
      const result = service.control(cloudOp[2], input ?? {}, runtime.ctx);
      runtime.persist();
      return ok(result ?? { ok: true });
    }
    return { status: 404, body: { error: `no control route ${route}` } };
  } catch (err) {
    if (err instanceof SeedError) return { status: 400, body: { error: err.message, path: err.path } };
    if (err instanceof ControlError) return { status: err.status, body: { error: err.message } };
    if (err instanceof ForbiddenKeyError) return { status: 400, body: { error: `invalid JSON body: ${err.message}` } };
    if (err instanceof SyntaxError) return { status: 400, body: { error: `invalid JSON body: ${err.message}` } };
    // A cloud's control() may throw its own typed error carrying an HTTP status.
    const status = (err as { controlStatus?: unknown }).controlStatus;
    if (typeof status === "number") return { status, body: { error: (err as Error).message } };
    return { status: 500, body: { error: String((err as Error)?.message ?? err) } };
  }
}

function ok(body: unknown): ControlResponse {
  return { status: 200, body };
}

function parseJson(body: Buffer): unknown {
  const text = body.toString("utf8").trim();
  return text === "" ? undefined : parseJsonStrict(text);
}

function clockView(runtime: EmulatorRuntime): unknown {
  return { ...runtime.clock.current(), now: runtime.clock.now(), offsetMs: runtime.clock.dump().offsetMs };
}

/** Body: {mode?, polls?, ms?, advanceMs?}; mode fields replace the setting, advanceMs moves time on. */
function setClock(runtime: EmulatorRuntime, input: unknown): unknown {
  const body = (input ?? {}) as Record<string, unknown>;
  if (typeof body !== "object" || Array.isArray(body)) throw new SeedError("clock", "must be an object");
  // Check everything before changing anything.
  const clock = body.mode !== undefined ? validateClock({ mode: body.mode, polls: body.polls, ms: body.ms }) : undefined;
  const advanceMs = body.advanceMs === undefined ? undefined : checkNumber(body.advanceMs, "clock.advanceMs", 0, KNOB_LIMITS.advanceMs);
  if (clock) runtime.clock.set(clock);
  if (advanceMs !== undefined) runtime.clock.advance(advanceMs);
  runtime.persist();
  return clockView(runtime);
}

/** Body: {faults?, rateLimits?, latencyMs?}; each given field replaces the current one. */
function setFaults(runtime: EmulatorRuntime, input: unknown): unknown {
  const body = (input ?? {}) as Record<string, unknown>;
  if (typeof body !== "object" || Array.isArray(body)) throw new SeedError("faults", "body must be an object");
  // Validate everything before changing anything; a field not given keeps its rules and, for
  // rateLimits, the calls already counted in their windows.
  const update = {
    ...(body.faults !== undefined ? { faults: validateFaults(body.faults) } : {}),
    ...(body.rateLimits !== undefined ? { rateLimits: validateRateLimits(body.rateLimits) } : {}),
    ...("latencyMs" in body ? { latencyMs: validateLatency(body.latencyMs) } : {}),
  };
  runtime.faults.update(update);
  runtime.persist();
  return runtime.faults.dump();
}
