/** The current time, ticking every `everyMs`, for ages such as "3s ago". */
import { useEffect, useState } from 'react';

export function useNow(everyMs: number, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), everyMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [everyMs, clock]);
  return now;
}
