/**
 * The storage contract against SQLite: each name the suite asks for is a file of its own in a
 * throw-away directory (two instances of one name share the file, as two processes do).
 */
import { join } from 'node:path';
import { openStorage } from '../../src/storage/open.js';
import { useWorkspace } from '../helpers/workspace.js';
import { storageContract } from './contract/suite.js';

const ws = useWorkspace('trackz-sqlite-contract-');

storageContract('sqlite', (name) => openStorage({ target: { backend: 'sqlite', path: join(ws.dir, `${name}.db`) }, workspace: name }));
