// Debian's Chromium (`apt-get install chromium`), never a downloaded build, with the flags that keep it off the
// (closed) network and quiet: the launch options of every @playwright/test suite here (frontend/e2e, abuse/).
export const debianChromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};
