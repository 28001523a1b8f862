/**
 * What the alerts port redacts before it writes, whatever the backend: the state's messages, the
 * outbox payload, errors and silence reasons. One place, so both adapters store the same text.
 */
import type { AlertEvent } from '../alerts/alert-event.js';
import type { AlertState } from '../alerts/alert-state.js';
import { redact } from '../privacy/redactor.js';

export function redactedState(state: AlertState): AlertState {
  return {
    ...state,
    last: state.last && { ...state.last, message: redact(state.last.message) },
    lastError: state.lastError && { ...state.lastError, message: redact(state.lastError.message) },
  };
}

/** The outbox's payload column: the event as JSON, redacted. */
export function redactedPayload(event: AlertEvent): string {
  return redact(JSON.stringify(event));
}

export { redact };
