import { ApiError } from "../api/api-error";
import type { AccessTokens } from "../api/authed-request";
import { apiUrl as join, requestJson, type FetchLike } from "../api/http";
import type { Tokens, User } from "../api/types";
import type { EmbedLog } from "./embed-log";

export type LmsAuthMode = "seamless" | "oauth2_popup";

export interface LmsSignInOptions {
  apiUrl: string;
  /** The LMS origin the OAuth2 popup posts back to (empty: this page's origin). */
  lmsOrigin: string;
  authMode: LmsAuthMode;
  /** The block's `get_assertion` handler (runtime.handlerUrl), for seamless sign-in. */
  assertionUrl: string;
  /** The LMS's CSRF token, which its handlers require on a POST. */
  csrfToken: () => string;
  fetch: FetchLike;
  log: EmbedLog;
  /** window.open, replaceable in tests. */
  openPopup?: (url: string) => Window | null;
}

/** The browser refused to open the sign-in popup: the learner must allow popups. */
export class PopupBlockedError extends Error {
  constructor() {
    super("popup blocked");
    this.name = "PopupBlockedError";
  }
}

const POPUP_FEATURES = "width=520,height=680";
const POPUP_POLL_MS = 500;

const isTokens = (value: unknown): value is Tokens =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { accessToken?: unknown }).accessToken === "string";

/**
 * The XBlock's sign-in to the IBAL backend. Tokens live in memory only, never in storage.
 * Seamless: the block's LMS handler signs an assertion that POST /api/auth/lms trades for
 * tokens (and renewing is signing in again). Popup: the backend's OAuth2 flow posts tokens
 * back to this window from the API's origin; renewing uses the refresh token.
 */
export class LmsTokens implements AccessTokens {
  private tokens: Tokens | null = null;
  private renewing: Promise<string> | null = null;
  private readonly api: string;

  constructor(
    private readonly options: LmsSignInOptions,
    /** The sign-in is gone for good (renewal refused): the learner must start again. */
    private readonly onSignedOut: () => void = () => undefined,
  ) {
    this.api = options.apiUrl.replace(/\/+$/, "");
  }

  get user(): User | null {
    return this.tokens?.user ?? null;
  }

  /** Signs in (popup mode must call this from a click, or the browser blocks the popup). */
  async signIn(): Promise<Tokens> {
    return this.keep(
      this.options.authMode === "oauth2_popup" ? await this.popup() : await this.seamless(),
      this.options.authMode === "oauth2_popup" ? "popup" : "seamless",
    );
  }

  getAccessToken(): Promise<string> {
    return this.tokens === null
      ? Promise.reject(new ApiError("unauthorized", 401))
      : Promise.resolve(this.tokens.accessToken);
  }

  /** One renewal at a time: the backend rotates refresh tokens. */
  refresh(): Promise<string> {
    this.renewing ??= this.renew().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  signOut(): void {
    this.tokens = null;
    this.onSignedOut();
  }

  /** Forgets the tokens (Close Chat). */
  clear(): void {
    this.tokens = null;
  }

  private async renew(): Promise<string> {
    if (this.options.authMode === "seamless") return (await this.signIn()).accessToken;
    const refreshToken = this.tokens?.refreshToken;
    if (refreshToken === undefined) throw new ApiError("unauthorized", 401);
    this.options.log("info", "auth", "refreshing the access token");
    const renewed = await requestJson<unknown>(this.options.fetch, {
      method: "POST",
      url: join(this.api, "/api/auth/refresh"),
      body: { refreshToken },
    });
    return this.keep(renewed, "refresh").accessToken;
  }

  private keep(received: unknown, how: string): Tokens {
    if (!isTokens(received)) throw new Error("the backend answered without an access token");
    this.tokens = received;
    const user = received.user as User | undefined;
    this.options.log("info", "auth", `signed in (${how})`, { user: user?.username });
    return received;
  }

  private async seamless(): Promise<unknown> {
    const { log, fetch, assertionUrl, csrfToken } = this.options;
    log("info", "auth", "requesting an assertion from the LMS");
    const signed = await requestJson<{ assertion?: unknown }>(fetch, {
      method: "POST",
      url: assertionUrl,
      body: {},
      headers: { "X-CSRFToken": csrfToken() },
    });
    const url = join(this.api, "/api/auth/lms");
    log("info", "auth", `exchanging the assertion at ${url}`);
    return requestJson<unknown>(fetch, {
      method: "POST",
      url,
      body: { assertion: signed.assertion },
    });
  }

  private popup(): Promise<unknown> {
    const { log, lmsOrigin } = this.options;
    const apiOrigin = new URL(this.api).origin;
    const origin = lmsOrigin === "" ? window.location.origin : lmsOrigin;
    const startUrl = `${this.api}/api/oauth/openedx/start?origin=${encodeURIComponent(origin)}`;
    log("info", "auth", "opening the sign-in popup", startUrl);
    const open =
      this.options.openPopup ?? ((url) => window.open(url, "ibal-sign-in", POPUP_FEATURES));
    return new Promise((resolve, reject) => {
      const popup = open(startUrl);
      if (popup === null) {
        reject(new PopupBlockedError());
        return;
      }
      const finish = (error: Error | null, tokens?: unknown) => {
        clearInterval(watcher);
        window.removeEventListener("message", onMessage);
        if (error === null) resolve(tokens);
        else reject(error);
      };
      const watcher = setInterval(() => {
        if (popup.closed) finish(new Error("the sign-in popup was closed"));
      }, POPUP_POLL_MS);
      const onMessage = (event: MessageEvent) => {
        // Only the backend's own page may hand us tokens.
        if (event.origin !== apiOrigin) return;
        const data: unknown = event.data;
        if (typeof data !== "object" || data === null) return;
        const { type, tokens, code } = data as { type?: unknown; tokens?: unknown; code?: unknown };
        if (type === "ibal:auth") finish(null, tokens);
        else if (type === "ibal:auth-error") finish(new Error(`sign-in refused: ${String(code)}`));
      };
      window.addEventListener("message", onMessage);
    });
  }
}
