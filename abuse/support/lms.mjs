// The LMS side of the XBlock's seamless sign-in (docs/protocol.md, "Seamless mode"): an RS256 key pair whose
// public JWK the backend holds, and the short-lived assertion the XBlock's LMS handler signs.
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from "node:crypto";

const b64url = (data) => Buffer.from(data).toString("base64url");

/** A fresh RSA key; the public JWK carries the RFC 7638 thumbprint as kid, as the XBlock computes it. */
export function newLmsKey() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const { e, kty, n } = publicKey.export({ format: "jwk" });
  const kid = b64url(createHash("sha256").update(JSON.stringify({ e, kty, n })).digest());
  return {
    publicJwk: JSON.stringify({ kty, n, e, kid, alg: "RS256", use: "sig" }),
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }),
    kid,
  };
}

/** An assertion for one learner of one course block, valid 60 s. */
export function lmsAssertion(lmsKey, { sub, username, name = "", audience = "ibal" }) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", kid: lmsKey.kid, typ: "JWT" };
  const claims = {
    iss: "ibal-xblock",
    aud: audience,
    sub,
    username,
    name,
    course_id: "course-v1:Abuse+Suite+2026",
    block_id: "block-v1:Abuse+Suite+2026+type@ibal+block@chat",
    chatflow_id: "",
    roles: ["student"],
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(input), createPrivateKey(lmsKey.privatePem));
  return `${input}.${b64url(signature)}`;
}
