// Requests to a gateway's internal listener, signed with AWS Signature Version 4 the way the functions' AWS SDK
// signs them (service `lambda` for Invoke, `execute-api` for @connections), or deliberately not.
import aws4 from "aws4";
import { call } from "./http.mjs";

/** Signs with `credentials` (the stack's, unless a test passes wrong ones) and sends. */
export function signedCall(url, { method = "GET", headers = {}, body, service, credentials, region = "us-east-1", agent }) {
  const target = new URL(url);
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const request = {
    host: target.host,
    path: target.pathname + target.search,
    method,
    service,
    region,
    headers: { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: payload,
  };
  aws4.sign(request, { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
  return call(url, { method, headers: request.headers, body: payload, agent });
}

export const serviceFor = (path) => (path.startsWith("/2015-03-31/functions/") ? "lambda" : "execute-api");
