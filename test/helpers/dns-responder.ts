/**
 * A tiny authoritative DNS server on UDP 127.0.0.1 for the tests: it answers A, AAAA and MX queries
 * from a fixed table (NXDOMAIN for names it does not know, an empty answer for types it has none of).
 * Just enough of RFC 1035 for node:dns to resolve against it; no internet is reachable from the tests.
 */
import { createSocket, type Socket } from 'node:dgram';

export interface DnsTable {
  [name: string]: { A?: string[]; AAAA?: string[]; MX?: { preference: number; exchange: string }[] };
}

export interface DnsResponder {
  /** `127.0.0.1:PORT`, for the smtp check's `resolver:`. */
  address: string;
  port: number;
  /** Queries seen, as `TYPE name`. */
  queries: string[];
  close(): Promise<void>;
}

const TYPES: Record<number, 'A' | 'AAAA' | 'MX'> = { 1: 'A', 28: 'AAAA', 15: 'MX' };

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let position = offset;
  // A query's name is at most 255 bytes; the bound keeps a malformed packet from looping.
  for (let guard = 0; guard < 128; guard++) {
    const length = message[position];
    if (length === undefined) throw new Error('truncated name');
    if (length === 0) return { name: labels.join('.').toLowerCase(), end: position + 1 };
    labels.push(message.subarray(position + 1, position + 1 + length).toString('ascii'));
    position += 1 + length;
  }
  throw new Error('name too long');
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

function record(type: number, rdata: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0xc00c, 0); // pointer to the question's name
  header.writeUInt16BE(type, 2);
  header.writeUInt16BE(1, 4); // IN
  header.writeUInt32BE(60, 6);
  header.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([header, rdata]);
}

export function answer(query: Buffer, table: DnsTable): { response: Buffer; asked: string } {
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const entry = table[name];
  const kind = TYPES[type];
  const answers: Buffer[] = [];
  if (entry && kind === 'A') for (const a of entry.A ?? []) answers.push(record(1, Buffer.from(a.split('.').map(Number))));
  if (entry && kind === 'AAAA') for (const a of entry.AAAA ?? []) answers.push(record(28, ipv6Bytes(a)));
  if (entry && kind === 'MX') {
    for (const mx of entry.MX ?? []) {
      const preference = Buffer.alloc(2);
      preference.writeUInt16BE(mx.preference);
      answers.push(record(15, Buffer.concat([preference, mx.exchange === '.' ? Buffer.from([0]) : encodeName(mx.exchange)])));
    }
  }
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  const rd = query[2]! & 0x01;
  header[2] = 0x84 | rd; // QR, AA, RD echoed
  header[3] = 0x80 | (entry ? 0 : 3); // RA; NXDOMAIN for unknown names
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return { response: Buffer.concat([header, question, ...answers]), asked: `${kind ?? type} ${name}` };
}

export async function startDnsResponder(table: DnsTable): Promise<DnsResponder> {
  const normalized: DnsTable = Object.fromEntries(Object.entries(table).map(([name, entry]) => [name.toLowerCase().replace(/\.$/, ''), entry]));
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, peer) => {
    try {
      const { response, asked } = answer(message, normalized);
      queries.push(asked);
      socket.send(response, peer.port, peer.address);
    } catch {
      // A malformed query gets no answer, as from a real server that drops it.
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return { address: `127.0.0.1:${port}`, port, queries, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
