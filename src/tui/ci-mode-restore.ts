/** Puts back the CI variables ./ci-mode.ts hid while Ink was imported. */
import { hiddenCiVariables } from './ci-mode.js';

Object.assign(process.env, hiddenCiVariables);
