// Node preload (NODE_OPTIONS="--import /abs/path/offline.mjs") that logs every TCP connection a process opens to
// NET_LOG and, with OFFLINE=1, fails every connection to a host other than loopback as a DNS failure would
// (ENOTFOUND): a way to see which hosts the `letta` CLI contacts and whether it still works without them.
// Child processes started by the CLI (npm for auto-update) inherit NODE_OPTIONS and are covered too.
import net from 'node:net';
import fs from 'node:fs';

const logFile = process.env.NET_LOG ?? 'letta-cli-net.log';
const offline = process.env.OFFLINE === '1';
const loopback = (h) => !h || h === 'localhost' || h === '127.0.0.1' || h === '::1';
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === 'object' ? (first.host ?? first.path) : args[1];
  const port = typeof first === 'object' ? first.port : first;
  const blocked = offline && typeof first === 'object' && !first.path && !loopback(host);
  fs.appendFileSync(logFile, `${new Date().toISOString()} pid=${process.pid} ${host}:${port ?? ''}${blocked ? ' BLOCKED' : ''}\n`);
  if (blocked) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: host });
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};
