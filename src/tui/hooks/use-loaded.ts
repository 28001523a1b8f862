/**
 * A value loaded through an action (a monitor's detail, the activity summary), loaded again when
 * `version` changes (a new result arrived). The previous value stays on screen while the next loads;
 * an answer that arrives after a newer request started is dropped.
 */
import { useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value: T | undefined;
  error: string | undefined;
  loading: boolean;
}

export function useLoaded<T>(load: (() => Promise<T>) | null, key: string, version: unknown): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { key: string }>({ key, value: undefined, error: undefined, loading: load !== null });
  const request = useRef(0);
  useEffect(() => {
    if (!load) return;
    const id = ++request.current;
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, value: undefined, error: undefined, loading: true }));
    load().then(
      (value) => {
        if (id === request.current) setState({ key, value, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (id === request.current) setState({ key, value: undefined, error: error instanceof Error ? error.message : String(error), loading: false });
      },
    );
    // `load` is a new closure every render; what to load is named by key and version.
  }, [key, version, load === null]);
  return state.key === key ? state : { value: undefined, error: undefined, loading: load !== null };
}
