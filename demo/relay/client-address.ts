/**
 * Where a request comes from, as a key for per-address limits: the socket's peer, or, for a relay that
 * only a reverse proxy reaches (`behindProxy`), the address that proxy appended to X-Forwarded-For.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's address key. Only the last X-Forwarded-For entry is used: the proxy appends the peer it
 * saw, while every earlier entry is whatever the client sent. A header that is missing or not an address
 * falls back to the socket's peer (the proxy).
 */
export function clientAddress(c: Context, behindProxy: boolean): string {
  const forwarded = behindProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  const address = forwarded && isIP(forwarded) ? forwarded : (getConnInfo(c).remote.address ?? 'unknown');
  return addressKey(address);
}

function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/**
 * An IPv4 address as it is (also when IPv4-mapped, `::ffff:192.0.2.1`); an IPv6 address by its /64
 * network, as one subscriber commonly holds a whole /64 and could otherwise change address at will.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 address (`64:ff9b::192.0.2.1`) ends the address and stands for two groups.
  const width = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - width).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}
