import { describe, expect, it } from "vitest";
import {
  authErrorToFields,
  validateDisplayName,
  validatePassword,
  validateUsername,
} from "./credentials-rules";

describe("credential rules", () => {
  it("mirrors the server's username rule, case-folded", () => {
    expect(validateUsername("Ada_L.9")).toBeUndefined();
    expect(validateUsername("ab")).toMatch(/3 to 32/);
    expect(validateUsername("a".repeat(33))).toMatch(/3 to 32/);
    expect(validateUsername("ada lovelace")).toMatch(/only letters/);
  });

  it("mirrors the server's password length rule, in code points after NFKC", () => {
    expect(validatePassword("1234567")).toMatch(/at least 8/);
    expect(validatePassword("12345678")).toBeUndefined();
    expect(validatePassword("x".repeat(128) + "y")).toMatch(/at most 128/);
    // Seven emoji are fourteen UTF-16 units but seven code points: too short.
    expect(validatePassword("😀🙂😎🤓🥳😺🐱")).toMatch(/at least 8/);
    // U+FB01 (ﬁ) is two letters after NFKC: "ﬁ" + 6 letters is 8 code points.
    expect(validatePassword("\uFB01abcdef")).toBeUndefined();
  });

  it("refuses what the server refuses and a client can see", () => {
    expect(validatePassword("aaaaaaaa")).toMatch(/single repeated/);
    expect(validatePassword("        ")).toMatch(/single repeated/);
    expect(validatePassword("pass\u0000word")).toMatch(/control/);
    expect(validatePassword("abc\uD800defgh")).toMatch(/control/);
    expect(validatePassword("my-Ada.L-secret", "ada.l")).toMatch(/username/);
    expect(validatePassword("correct horse battery", "ada")).toBeUndefined();
    expect(validateDisplayName("Ada \u202Eevil")).toMatch(/letters/);
    expect(validateDisplayName("Ada\u0007")).toMatch(/letters/);
    expect(validateDisplayName("Ada Lovelace ✨")).toBeUndefined();
  });

  it("puts a taken username on the username field and a bad login on the form", () => {
    expect(authErrorToFields("conflict", "register")).toEqual({
      username: expect.stringMatching(/taken/) as unknown,
    });
    expect(authErrorToFields("unauthorized", "login").form).toMatch(/Wrong username or password/);
    expect(authErrorToFields("network", "login").form).toMatch(/Can't reach/);
  });

  it("says in words why the server refused a registration, by code", () => {
    expect(authErrorToFields("invalid_request", "register").password).toMatch(/too common/);
    expect(authErrorToFields("registration_closed", "register").form).toMatch(/new accounts/);
    expect(authErrorToFields("invite_required", "register").inviteCode).toMatch(/needs an invite/);
    expect(authErrorToFields("invite_required", "register", true).inviteCode).toMatch(/not valid/);
    expect(authErrorToFields("rate_limited", "register").form).toMatch(/Too many attempts/);
  });
});
