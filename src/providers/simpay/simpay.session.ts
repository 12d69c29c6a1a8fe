/**
 * The SimPay login session (docs/providers/simpay.md §2,
 * docs/architecture.md#runtime-contract): `POST authenticate` with
 * the gateway user's credentials, then every call carries the `ss-id`/`ss-pid` cookies, plus
 * `Authorization: Bearer` when a BearerToken came back (which of the two SimPay honours is
 * UNCONFIRMED, so both are sent). Concurrent callers share one in-flight login, and a 401 renews
 * the session once per generation, so N requests failing together cause one new login.
 *
 * Never logged: the password, the cookies, the session id, the bearer token.
 */
import { UpstreamAuthError, UpstreamUnavailableError } from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import { metrics } from "../../observability/metrics.js";
import { errorForStatus, type ProviderHttp, type UpstreamResponse } from "../provider-http.js";
import { simPayErrorCode } from "./simpay.errors.js";
import type { SimPayAuthenticateRequest, SimPayAuthenticateResponse } from "./simpay.wire.js";

export interface SimPaySessionOptions {
  http: ProviderHttp;
  logger: Logger;
  username: string;
  password: string;
}

/** Headers of one session, and the generation they belong to (to renew each at most once). */
export interface SimPayCredentials {
  generation: number;
  headers: Record<string, string>;
}

/** Only the ServiceStack session cookies are kept (docs/providers/simpay.md §2). */
const SESSION_COOKIES = ["ss-id", "ss-pid", "ss-opt"];

/** `name=value` pairs of the session cookies in Set-Cookie headers. */
export function sessionCookiesOf(setCookie: string | string[] | undefined): string[] {
  const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  const pairs: string[] = [];
  for (const line of lines) {
    const pair = line.split(";")[0]?.trim() ?? "";
    const name = pair.slice(0, pair.indexOf("=")).trim();
    if (SESSION_COOKIES.includes(name.toLowerCase())) pairs.push(pair);
  }
  return pairs;
}

export class SimPaySession {
  private readonly options: SimPaySessionOptions;
  private current: SimPayCredentials | null = null;
  private pending: Promise<SimPayCredentials> | null = null;
  private generation = 0;
  private logins = 0;

  constructor(options: SimPaySessionOptions) {
    this.options = options;
  }

  /** How many login requests this session has sent (for metrics and tests). */
  get loginCount(): number {
    return this.logins;
  }

  /** The current session, logging in first when there is none (one login for all callers). */
  credentials(): Promise<SimPayCredentials> {
    if (this.current) return Promise.resolve(this.current);
    return this.login();
  }

  /**
   * Called after a 401 with the generation the failed call used: the first caller of that
   * generation logs in again; later ones reuse the new session or the login already under way.
   */
  renew(staleGeneration: number): Promise<SimPayCredentials> {
    if (this.current && this.current.generation !== staleGeneration) {
      return Promise.resolve(this.current);
    }
    if (this.current?.generation === staleGeneration) this.current = null;
    return this.login();
  }

  private login(): Promise<SimPayCredentials> {
    if (!this.pending) {
      this.pending = this.authenticate().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  private async authenticate(): Promise<SimPayCredentials> {
    const { http, logger, username, password } = this.options;
    const body: SimPayAuthenticateRequest = {
      provider: "credentials",
      UserName: username,
      Password: password,
      RememberMe: true,
    };
    this.logins += 1;
    // A login changes nothing at the provider, so the resilience layer may retry it like a read.
    let response: UpstreamResponse<SimPayAuthenticateResponse>;
    try {
      response = await http.send({ method: "POST", url: "authenticate", data: body }, "read");
    } catch (error) {
      metrics.simpayLogins.inc({ outcome: "failed" });
      throw error;
    }
    if (response.status === 401 || response.status === 403) {
      metrics.simpayLogins.inc({ outcome: "refused" });
      logger.error(
        { upstream: { status: response.status, errorCode: simPayErrorCode(response.data) } },
        "SimPay refused the configured credentials (check SIMPAY_USERNAME / SIMPAY_PASSWORD)",
      );
      throw new UpstreamAuthError("SIMPAY", response.status);
    }
    if (response.status < 200 || response.status >= 300) {
      metrics.simpayLogins.inc({ outcome: "failed" });
      logger.warn({ upstream: { status: response.status } }, "SimPay login failed");
      throw errorForStatus("SIMPAY", response.status);
    }
    const headers: Record<string, string> = {};
    const cookies = sessionCookiesOf(response.headers["set-cookie"]);
    if (cookies.length > 0) headers.Cookie = cookies.join("; ");
    const token = response.data?.BearerToken;
    if (typeof token === "string" && token.length > 0) headers.Authorization = `Bearer ${token}`;
    if (Object.keys(headers).length === 0) {
      metrics.simpayLogins.inc({ outcome: "failed" });
      logger.error("SimPay login answered without a session cookie or bearer token");
      throw new UpstreamUnavailableError("SIMPAY", { retryable: false, status: response.status });
    }
    metrics.simpayLogins.inc({ outcome: "success" });
    this.generation += 1;
    this.current = { generation: this.generation, headers };
    logger.info(
      { session: { generation: this.generation, cookies: cookies.length, bearer: !!token } },
      "SimPay login succeeded",
    );
    return this.current;
  }
}
