// Preloaded with `node -r` by the HTTP interop tests: every `net.Server.listen` (so also
// express's `app.listen(PORT)`) binds 127.0.0.1 instead of all interfaces, and the bound
// address is reported on stderr so the test can check it. A path (Unix socket) or a pipe
// handle is left alone.
"use strict";
const net = require("node:net");
const original = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  const isPort = typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first));
  if (isPort) {
    const callback = args.find((a) => typeof a === "function");
    args = callback ? [{ port: Number(first), host: "127.0.0.1" }, callback] : [{ port: Number(first), host: "127.0.0.1" }];
  } else if (first && typeof first === "object" && first.path === undefined && first.fd === undefined && !(first instanceof net.Server)) {
    args[0] = { ...first, host: "127.0.0.1" };
  }
  this.once("listening", () => {
    const address = this.address();
    if (address && typeof address === "object") {
      process.stderr.write(`mcp-rs loopback preload: listening on ${address.address}:${address.port}\n`);
    }
  });
  return original.apply(this, args);
};
