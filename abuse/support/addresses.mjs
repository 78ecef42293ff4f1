// Source addresses for "different machines". Every loopback address works as a source on Linux, so each worker
// hands out its own range and no two tests ever share an address (per-address limits persist in the store for the
// whole run). The disruptive phase starts at another base (ABUSE_ADDRESS_BASE), as its worker indexes restart at 0.
const phaseBase = Number(process.env.ABUSE_ADDRESS_BASE ?? 20);

export function addressPool(workerIndex, base = phaseBase) {
  const second = base + (workerIndex % 30);
  let n = 0;
  return {
    /** A loopback address nobody has used in this run. */
    next() {
      n += 1;
      return `127.${second}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    },
  };
}

/** Documentation addresses (RFC 5737) for forged X-Forwarded-For values: never a real peer, never a target. */
export function forgedAddress(i) {
  return `203.0.113.${(i % 250) + 1}`;
}
