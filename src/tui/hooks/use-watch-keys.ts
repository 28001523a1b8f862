/**
 * Keys to effects: moves and view changes go to the UI reducer, actions go to the host. An action
 * that fails shows its reason on the status line; nothing a key does can crash the screen.
 */
import { useInput, type Key } from 'ink';
import { useRef, type Dispatch } from 'react';
import { commandFor, type Command } from '../keymap.js';
import type { ListRow } from '../list-rows.js';
import type { WatchActions } from '../model.js';
import { firstIndex, lastIndex, moveBy, selectionAt } from '../selection.js';
import { uiReducer, type UiEvent, type UiState } from '../ui-state.js';

/** `m` silences for this long. */
export const SILENCE_MS = 3_600_000;

/** What the key handler can change besides the UI state: the store's share link and paused flags. */
export interface KeyTargets {
  actions: WatchActions;
  setShareLink(link: string | null): void;
  setPaused(name: string, paused: boolean): void;
  exit(): void;
}

export interface KeyContext {
  ui: UiState;
  dispatch: Dispatch<UiEvent>;
  rows: readonly ListRow[];
  selected: number;
  /** Rows per page (PgUp/PgDn). */
  page: number;
  targets: KeyTargets;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** Printable text only: a paste may bring several characters, control characters never reach the filter. */
const printable = (input: string) => [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');

export function useWatchKeys(context: KeyContext): void {
  // Read when the key comes: Ink swaps its handler in an effect, so the one it holds may be from
  // before the latest render.
  const latest = useRef(context);
  latest.current = context;
  useInput((input, key) => handleInput(input, key, latest.current));
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One character of a chunk as the key press it stands for. */
function pressOf(ch: string): [string, Key] {
  if (ch === '\r' || ch === '\n') return ['', { ...NO_KEY, return: true }];
  if (ch === '\u007f' || ch === '\b') return ['', { ...NO_KEY, backspace: true }];
  if (ch === '\u0003') return ['c', { ...NO_KEY, ctrl: true }];
  return [ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() }];
}

const isSpecial = (key: Key) =>
  key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.return || key.escape || key.ctrl || key.meta || key.tab || key.backspace || key.delete;

/**
 * Keys that arrive together come as one chunk of text: typed before the screen listened (the terminal
 * holds them), or faster than it draws. Each is handled in turn, on the state the one before left;
 * only text pasted into the filter prompt stays one piece.
 */
export function handleInput(input: string, key: Key, context: KeyContext): void {
  const chars = [...input];
  if (chars.length <= 1 || isSpecial(key)) return handleKey(input, key, context);
  if (context.ui.editingFilter && !/[\r\n\u007f\b\u0003]/.test(input)) return handleKey(input, key, context);
  const local: KeyContext = {
    ...context,
    dispatch: (event) => {
      context.dispatch(event);
      local.ui = uiReducer(local.ui, event);
      if (event.type === 'select') local.selected = event.index;
    },
  };
  for (const ch of chars) handleKey(...pressOf(ch), local);
}

export function handleKey(input: string, key: Key, context: KeyContext): void {
  const { ui, dispatch } = context;
  if (ui.editingFilter) return typeFilter(input, key, context);
  const command = commandFor(input, key);
  if (ui.help) {
    if (command === 'quit') run('quit', context);
    else dispatch({ type: 'toggleHelp' });
    return;
  }
  if (command) run(command, context);
}

function typeFilter(input: string, key: Key, context: KeyContext): void {
  const { dispatch } = context;
  if (key.ctrl && input === 'c') return run('quit', context);
  if (key.return) return dispatch({ type: 'keepFilter' });
  if (key.escape) return dispatch({ type: 'clearFilter' });
  if (key.backspace || key.delete) return dispatch({ type: 'eraseFilter' });
  if (key.upArrow || key.downArrow) return run(key.upArrow ? 'up' : 'down', context);
  if (key.ctrl || key.meta) return;
  const text = printable(input);
  if (text) dispatch({ type: 'typeFilter', text });
}

function run(command: Command, context: KeyContext): void {
  const { ui, dispatch, rows, selected, page, targets } = context;
  const { actions } = targets;
  const row = rows[selected];
  const name = row?.kind === 'monitor' ? row.monitor.name : undefined;
  const select = (index: number) => index >= 0 && dispatch({ type: 'select', selection: selectionAt(rows, index), index });
  const notify = (text: string, tone: 'info' | 'error' = 'info') => dispatch({ type: 'notify', notice: { text, tone } });
  const attempt = <T>(what: string, work: () => Promise<T>, done: (value: T) => void) => {
    let started: Promise<T>;
    try {
      started = work();
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(done, (error: unknown) => notify(`${what} failed: ${message(error)}`, 'error'));
  };

  switch (command) {
    case 'down':
      return void select(moveBy(rows, selected, 1));
    case 'up':
      return void select(moveBy(rows, selected, -1));
    case 'pageDown':
      return void select(moveBy(rows, selected, page));
    case 'pageUp':
      return void select(moveBy(rows, selected, -page));
    case 'top':
      return void select(firstIndex(rows));
    case 'bottom':
      return void select(lastIndex(rows));
    case 'open':
      if (ui.view === 'list' && name) dispatch({ type: 'show', view: 'detail' });
      return;
    case 'back':
      if (ui.view !== 'list') dispatch({ type: 'show', view: 'list' });
      else if (ui.filter) dispatch({ type: 'clearFilter' });
      else dispatch({ type: 'notify', notice: null });
      return;
    case 'filter':
      return dispatch({ type: 'startFilter' });
    case 'cycleSort':
      return dispatch({ type: 'cycleSort' });
    case 'groupByTag':
      return dispatch({ type: 'toggleGroup' });
    case 'activity':
      return dispatch({ type: 'show', view: ui.view === 'activity' ? 'list' : 'activity' });
    case 'help':
      return dispatch({ type: 'toggleHelp' });
    case 'quit':
      try {
        actions.quit();
      } finally {
        targets.exit();
      }
      return;
    case 'share':
      notify('sharing…');
      return attempt('share', () => actions.toggleShare(), (link) => {
        targets.setShareLink(link ?? null);
        notify(link ? `sharing at ${link}` : 'sharing stopped');
      });
  }
  // The rest act on the selected monitor.
  if (!name || ui.view === 'activity') return notify('no monitor selected', 'error');
  switch (command) {
    case 'runNow':
      notify(`running ${name}…`);
      return attempt('run', () => actions.runNow(name), () => notify(`ran ${name}`));
    case 'togglePause':
      return attempt('pause', () => actions.togglePause(name), (paused) => {
        targets.setPaused(name, paused);
        notify(paused ? `paused ${name}` : `resumed ${name}`);
      });
    case 'silence':
      return attempt('silence', () => actions.silence(name, SILENCE_MS), () => notify(`silenced ${name} for 1h`));
  }
}
