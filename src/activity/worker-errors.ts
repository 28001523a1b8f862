/**
 * Errors cross a worker thread's boundary as plain data: a structured clone keeps the message, not
 * the class. What callers tell apart travels with it — an unreadable source, a full disk, damaged
 * storage, another user-fixable error with its exit code — so the caller meets the same error as
 * without a worker. A bug keeps its stack.
 */
import { UserError } from '../core/errors.js';
import { StorageDamagedError, StorageFullError } from '../storage/errors.js';
import { ActivitySourceError } from './input/import-inputs.js';

export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
  exitCode?: number;
  full?: { what: string; detail: string; kept: string };
}

export function toWorkerError(error: unknown): WorkerError {
  const err = error instanceof Error ? error : new Error(String(error));
  if (err instanceof StorageFullError) return { name: err.name, message: err.message, full: { what: err.what, detail: err.detail, kept: err.kept } };
  if (err instanceof UserError) return { name: err.name, message: err.message, exitCode: err.exitCode };
  return { name: err.name, message: err.message, stack: err.stack };
}

export function fromWorkerError(sent: WorkerError): Error {
  if (sent.full) return new StorageFullError(sent.full.what, sent.full.detail, sent.full.kept);
  if (sent.name === 'ActivitySourceError') return new ActivitySourceError(sent.message);
  if (sent.name === 'StorageDamagedError') return new StorageDamagedError(sent.message);
  if (sent.exitCode !== undefined) return new UserError(sent.message, sent.exitCode);
  const error = new Error(sent.message);
  if (sent.stack) error.stack = sent.stack;
  return error;
}
