/**
 * What the screen itself remembers (the model is the host's): which view, the selection, the
 * filter and whether it is being typed, the sort, grouping, and a one-line notice. A reducer, so
 * each key's effect is a plain function of the state.
 */
import { nextSortKey, type SortKey } from './list-rows.js';
import type { Selection } from './selection.js';

export type View = 'list' | 'detail' | 'activity';

export interface Notice {
  text: string;
  tone: 'info' | 'error';
}

export interface UiState {
  view: View;
  /** The help screen over the current view. */
  help: boolean;
  selection: Selection | null;
  /** Row index of the selection at the last render: where to land when the selected monitor disappears. */
  lastIndex: number;
  filter: string;
  /** The filter prompt is open: keys type into it. */
  editingFilter: boolean;
  sort: SortKey;
  groupByTag: boolean;
  notice: Notice | null;
}

export const initialUiState: UiState = {
  view: 'list',
  help: false,
  selection: null,
  lastIndex: 0,
  filter: '',
  editingFilter: false,
  sort: 'status',
  groupByTag: false,
  notice: null,
};

export type UiEvent =
  | { type: 'select'; selection: Selection | null; index: number }
  | { type: 'show'; view: View }
  | { type: 'toggleHelp' }
  | { type: 'startFilter' }
  | { type: 'typeFilter'; text: string }
  | { type: 'eraseFilter' }
  | { type: 'keepFilter' }
  | { type: 'clearFilter' }
  | { type: 'cycleSort' }
  | { type: 'toggleGroup' }
  | { type: 'notify'; notice: Notice | null };

export function uiReducer(state: UiState, event: UiEvent): UiState {
  switch (event.type) {
    case 'select':
      return { ...state, selection: event.selection, lastIndex: event.index };
    case 'show':
      return { ...state, view: event.view, help: false };
    case 'toggleHelp':
      return { ...state, help: !state.help };
    case 'startFilter':
      return { ...state, view: 'list', editingFilter: true };
    case 'typeFilter':
      return { ...state, filter: state.filter + event.text };
    case 'eraseFilter':
      return { ...state, filter: [...state.filter].slice(0, -1).join('') };
    case 'keepFilter':
      return { ...state, editingFilter: false };
    case 'clearFilter':
      return { ...state, filter: '', editingFilter: false };
    case 'cycleSort':
      return { ...state, sort: nextSortKey(state.sort) };
    case 'toggleGroup':
      return { ...state, groupByTag: !state.groupByTag };
    case 'notify':
      return { ...state, notice: event.notice };
  }
}
