/**
 * The telemetry part of the configuration: where `/metrics` is served, whether Apollo federated
 * traces (ftv1) are answered, and where OpenTelemetry spans go. The OTLP variables are the
 * standard OpenTelemetry ones (https://opentelemetry.io/docs/specs/otel/protocol/exporter/).
 */

export interface TelemetryConfig {
  /** `METRICS_PORT`: serve `/metrics` on this port only (not the main one). Null: main port. */
  metricsPort: number | null;
  /** `APOLLO_FEDERATED_TRACING`: answer `apollo-federation-include-trace: ftv1` (default on). */
  federatedTracing: boolean;
  /**
   * Where OTLP/HTTP spans are posted: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. Null (tracing off) when neither is set, when
   * `OTEL_TRACES_EXPORTER` is `none` or when `OTEL_SDK_DISABLED` is true.
   */
  otlpTracesEndpoint: string | null;
  /** `OTEL_SERVICE_NAME`, default `customer-subgraph`. */
  serviceName: string;
  /**
   * `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`: the caller's sampling decision is
   * kept) and `OTEL_TRACES_SAMPLER_ARG` (the ratio of the `traceidratio` samplers, default 1).
   */
  sampler: { name: SamplerName; ratio: number };
}

export const SAMPLER_NAMES = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

type Env = Record<string, string | undefined>;

function readEndpoint(env: Env, problems: string[]): string | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return null;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === "none") return null;
  if (exporter && exporter !== "otlp") {
    problems.push("OTEL_TRACES_EXPORTER must be otlp or none");
    return null;
  }
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL
  )?.trim();
  if (protocol && protocol !== "http/protobuf" && protocol !== "http/json") {
    problems.push("OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json (no gRPC)");
  }
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const raw = signal || (base ? `${base.replace(/\/+$/, "")}/v1/traces` : "");
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    return url.toString();
  } catch {
    problems.push(
      `${signal ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT"} must be an http(s) URL`,
    );
    return null;
  }
}

function readSampler(env: Env, problems: string[]): TelemetryConfig["sampler"] {
  const raw = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || "parentbased_always_on";
  const name = (SAMPLER_NAMES as readonly string[]).includes(raw)
    ? (raw as SamplerName)
    : "parentbased_always_on";
  if (name !== raw) problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLER_NAMES.join(", ")}`);
  const rawRatio = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  let ratio = 1;
  if (rawRatio && name.endsWith("traceidratio")) {
    ratio = Number(rawRatio);
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      problems.push("OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1");
      ratio = 1;
    }
  }
  return { name, ratio };
}

export function readTelemetryConfig(env: Env, problems: string[]): TelemetryConfig {
  let metricsPort: number | null = null;
  const rawPort = env.METRICS_PORT?.trim();
  if (rawPort) {
    const port = Number(rawPort);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) metricsPort = port;
    else problems.push("METRICS_PORT must be an integer from 0 to 65535");
  }
  const rawTracing = env.APOLLO_FEDERATED_TRACING?.trim().toLowerCase();
  let federatedTracing = true;
  if (rawTracing && ["0", "false", "no", "off"].includes(rawTracing)) federatedTracing = false;
  else if (rawTracing && !["1", "true", "yes", "on"].includes(rawTracing)) {
    problems.push("APOLLO_FEDERATED_TRACING must be true or false");
  }
  return {
    metricsPort,
    federatedTracing,
    otlpTracesEndpoint: readEndpoint(env, problems),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || "customer-subgraph",
    sampler: readSampler(env, problems),
  };
}
