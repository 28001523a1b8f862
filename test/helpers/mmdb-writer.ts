/**
 * A tiny MaxMind DB (.mmdb) writer for tests: an IPv6 search tree (24-bit records) with IPv4 networks
 * under ::/96, a data section of `{ country_code }` maps (DB-IP's shape) and the metadata the readers
 * require. Enough to give 127.0.0.0/8 a country without shipping a fixture; the format is
 * https://maxmind.github.io/MaxMind-DB/.
 */
import { writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';

export interface CountryNetwork {
  /** `127.0.0.0/8`, `10.1.0.0/16`, `2001:db8::/32` (IPv6 only with a prefix that is a multiple of 16). */
  cidr: string;
  country: string;
}

type Value = string | number | Value[] | { [key: string]: Value };

/** One data-section value (maps, UTF-8 strings, uint16/uint32, arrays). */
function encode(value: Value): Buffer {
  const control = (type: number, size: number): Buffer => {
    if (size >= 29) throw new Error('mmdb-writer: values this long are not needed by tests');
    // Types above 7 are "extended": type 0 in the control byte, then type - 7.
    return type <= 7 ? Buffer.from([(type << 5) | size]) : Buffer.from([size, type - 7]);
  };
  if (typeof value === 'string') return Buffer.concat([control(2, Buffer.byteLength(value)), Buffer.from(value)]);
  if (typeof value === 'number') {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    return Buffer.concat([control(6, 4), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([key, item]) => [encode(key), encode(item)])]);
}

/** The leading bits of a network in a 128-bit tree. */
function networkBits(cidr: string): number[] {
  const [address = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText);
  const bits: number[] = [];
  if (isIPv4(address)) {
    for (let i = 0; i < 96; i++) bits.push(0);
    for (const octet of address.split('.').map(Number)) for (let b = 7; b >= 0; b--) bits.push((octet >> b) & 1);
    return bits.slice(0, 96 + prefix);
  }
  const [left = '', right = ''] = address.split('::');
  const groups = (text: string) => (text === '' ? [] : text.split(':').map((g) => Number.parseInt(g, 16)));
  const head = groups(left);
  const tail = groups(right);
  const all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  for (const group of all) for (let b = 15; b >= 0; b--) bits.push((group >> b) & 1);
  return bits.slice(0, prefix);
}

export function mmdbBytes(networks: readonly CountryNetwork[]): Buffer {
  // The tree: node i has two records, each another node's index, "no data" (-1) or a data key (-2 - k).
  const nodes: [number, number][] = [[-1, -1]];
  const countries = [...new Set(networks.map((n) => n.country))];
  for (const network of networks) {
    const bits = networkBits(network.cidr);
    let node = 0;
    for (let i = 0; i < bits.length - 1; i++) {
      const bit = bits[i]!;
      if (nodes[node]![bit]! < 0) {
        nodes.push([-1, -1]);
        nodes[node]![bit] = nodes.length - 1;
      }
      node = nodes[node]![bit]!;
    }
    nodes[node]![bits[bits.length - 1]!] = -2 - countries.indexOf(network.country);
  }
  const data: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  for (const country of countries) {
    offsets.push(size);
    const encoded = encode({ country_code: country });
    data.push(encoded);
    size += encoded.length;
  }
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  const record = (value: number) => (value >= 0 ? value : value === -1 ? nodeCount : nodeCount + 16 + offsets[-2 - value]!);
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(record(left), i * 6, 3);
    tree.writeUIntBE(record(right), i * 6 + 3, 3);
  });
  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000,
    database_type: 'trackz-test-country',
    description: { en: 'trackz test database' },
    ip_version: 6,
    languages: ['en'],
    node_count: nodeCount,
    record_size: 24,
  });
  const marker = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');
  return Buffer.concat([tree, Buffer.alloc(16), ...data, marker, metadata]);
}

export function writeMmdb(path: string, networks: readonly CountryNetwork[]): string {
  writeFileSync(path, mmdbBytes(networks));
  return path;
}
