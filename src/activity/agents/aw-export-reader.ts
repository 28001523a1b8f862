/**
 * Reads an ActivityWatch export (`{"buckets": {"<id>": {"type": …, "hostname": …, "events": [ … ]}}}`,
 * as "Export all buckets" writes it) as a stream: buckets and their raw events come out in groups,
 * with memory bounded by one group, whatever the file's size.
 */
import { JsonStreamScanner, type PathSegment, type ScanMode } from './json-stream-scanner.js';

export interface RawBucketEvents {
  /** The bucket id. */
  bucket: string;
  /** The bucket's own fields read so far (type, hostname, client…). */
  meta: Record<string, unknown>;
  events: unknown[];
}

/** Events are handed out in groups of about this many. */
const GROUP = 5_000;

function mode(path: readonly PathSegment[]): ScanMode {
  switch (path.length) {
    case 0:
      return 'descend';
    case 1:
      return path[0] === 'buckets' ? 'descend' : 'skip';
    case 2:
      return 'descend';
    case 3:
      return path[2] === 'events' ? 'descend' : 'capture';
    case 4:
      return path[2] === 'events' ? 'capture' : 'skip';
    default:
      return 'skip';
  }
}

export async function* readAwExport(source: AsyncIterable<Buffer>): AsyncGenerator<RawBucketEvents[]> {
  const metas = new Map<string, Record<string, unknown>>();
  let group: RawBucketEvents[] = [];
  let size = 0;
  let current: RawBucketEvents | undefined;
  const scanner = new JsonStreamScanner({
    mode,
    value(path, value) {
      const bucket = String(path[1]);
      let meta = metas.get(bucket);
      if (!meta) metas.set(bucket, (meta = {}));
      if (path.length === 3) {
        meta[String(path[2])] = value;
        return;
      }
      if (!current || current.bucket !== bucket) {
        current = { bucket, meta, events: [] };
        group.push(current);
      }
      current.events.push(value);
      size++;
    },
  });
  for await (const chunk of source) {
    scanner.write(chunk);
    if (size >= GROUP) {
      yield group;
      group = [];
      size = 0;
      current = undefined;
    }
  }
  scanner.end();
  if (group.length) yield group;
}
