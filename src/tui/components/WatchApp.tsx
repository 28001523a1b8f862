/**
 * The whole screen of `trackz watch`: header, then the list, a monitor's detail, the activity or the
 * help, then the status line and the footer. It reads the model from the store (redrawn at most ~10
 * times a second), keeps its own UI state, and sizes every frame to the terminal, one line short.
 */
import { Box, Text, useApp } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useSyncExternalStore } from 'react';
import { useLoaded } from '../hooks/use-loaded.js';
import { useNow } from '../hooks/use-now.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useWatchKeys } from '../hooks/use-watch-keys.js';
import { FOOTER } from '../keymap.js';
import { frameHeight, listColumns, listHeight, MIN_SIZE, tooSmall } from '../layout.js';
import { listRows, type MonitorListRow } from '../list-rows.js';
import type { WatchActions } from '../model.js';
import { selectedIndex, windowTop } from '../selection.js';
import { ColorContext } from '../theme.js';
import { initialUiState, uiReducer } from '../ui-state.js';
import type { WatchStore } from '../watch-store.js';
import { ActivityView } from './ActivityView.js';
import { DetailView } from './DetailView.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpScreen } from './HelpScreen.js';
import { MonitorList } from './MonitorList.js';
import { listStatus, StatusLine } from './StatusLine.js';

export type WatchStoreView = Pick<WatchStore, 'subscribe' | 'getSnapshot' | 'setShareLink' | 'setPaused'>;

export interface WatchAppProps {
  store: WatchStoreView;
  actions: WatchActions;
  /** Colours and attributes; false for NO_COLOR (symbols carry the meaning either way). */
  color?: boolean;
  /** For tests: the time the header's "3s ago" counts from. */
  clock?: () => number;
}

/** A notice stays this long, then the status line is calm again. */
const NOTICE_MS = 8000;
/** The activity view reloads this often while open. */
const ACTIVITY_REFRESH_MS = 30_000;

export function WatchApp({ store, actions, color = true, clock = Date.now }: WatchAppProps) {
  const model = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const size = useTerminalSize();
  const [ui, dispatch] = useReducer(uiReducer, initialUiState);
  const { exit } = useApp();
  const now = useNow(1000, clock);

  const rows = useMemo(
    () => listRows(model.monitors, { filter: ui.filter, sort: ui.sort, groupByTag: ui.groupByTag }),
    [model.monitors, ui.filter, ui.sort, ui.groupByTag],
  );
  const selected = selectedIndex(rows, ui.selection, ui.lastIndex);
  const row = rows[selected];
  const monitor = row?.kind === 'monitor' ? row.monitor : undefined;
  const sharing = model.shareLink !== null;
  const height = listHeight(size, sharing);
  const topRef = useRef(0);
  const top = windowTop(topRef.current, selected, height, rows.length, rows[selected - 1]?.kind === 'group');
  topRef.current = top;

  useWatchKeys({
    ui,
    dispatch,
    rows,
    selected,
    page: height,
    targets: { actions, exit, setShareLink: (link) => store.setShareLink(link), setPaused: (name, paused) => store.setPaused(name, paused) },
  });

  const detail = useLoaded(ui.view === 'detail' && monitor ? () => actions.loadDetail(monitor.name) : null, monitor?.name ?? '', monitor?.lastResultAt);
  const activity = useLoaded(ui.view === 'activity' ? () => actions.loadActivity() : null, 'activity', Math.floor(now / ACTIVITY_REFRESH_MS));

  useEffect(() => {
    if (!ui.notice) return;
    const timer = setTimeout(() => dispatch({ type: 'notify', notice: null }), NOTICE_MS);
    timer.unref?.();
    return () => clearTimeout(timer);
  }, [ui.notice]);

  if (tooSmall(size)) {
    return (
      <Box width={size.columns} height={frameHeight(size)} overflow="hidden">
        <Text wrap="wrap">
          terminal too small: {size.columns}×{size.rows}, trackz watch needs {MIN_SIZE.columns}×{MIN_SIZE.rows}
        </Text>
      </Box>
    );
  }

  const width = size.columns;
  const bodyHeight = frameHeight(size) - (sharing ? 2 : 1) - 2;
  const view = ui.help ? 'help' : ui.view;
  const monitorRows = rows.filter((r): r is MonitorListRow => r.kind === 'monitor');
  const position = rows.slice(0, selected + 1).reduce((n, r) => n + (r.kind === 'monitor' ? 1 : 0), 0);
  const matching = ui.filter ? new Set(monitorRows.map((r) => r.monitor.name)).size : model.monitors.length;
  const left =
    view === 'list'
      ? listStatus({ position, rows: monitorRows.length, matching, total: model.monitors.length, sort: ui.sort, groupByTag: ui.groupByTag, filter: ui.filter })
      : view === 'detail'
        ? `detail${detail.loading ? ' · loading…' : ''}`
        : view;

  return (
    <ColorContext.Provider value={color}>
      <Box flexDirection="column" width={width} height={frameHeight(size)} overflow="hidden">
        <Header model={model} now={now} width={width} />
        {view === 'list' && (
          <MonitorList
            rows={rows}
            selected={selected}
            top={top}
            height={height}
            width={width}
            columns={listColumns(width)}
            sort={ui.sort}
            empty={ui.filter ? `no monitor matches "${ui.filter}"` : 'no monitors in this config'}
          />
        )}
        {view === 'detail' && <DetailView monitor={monitor} detail={detail} height={bodyHeight} width={width} now={now} />}
        {view === 'activity' && <ActivityView activity={activity} height={bodyHeight} width={width} />}
        {view === 'help' && <HelpScreen height={bodyHeight} width={width} />}
        <StatusLine left={left} notice={ui.notice} width={width} />
        <Footer keys={FOOTER[view]} prompt={ui.editingFilter ? ui.filter : null} width={width} />
      </Box>
    </ColorContext.Provider>
  );
}
