// The one way Edgeway's tests start Chromium: the Debian chromium (never a browser Playwright would
// download) through playwright-core, headless, with the same fixed flags everywhere. Shared by this
// folder's relay-datachannel.mjs (ChromiumRelayIT), relay-core's sdp/chromium-peer.mjs
// (ChromiumNegotiationTest) and signaling's sfu-meeting.mjs (the SFU ITs); they import it by relative
// path, and playwright-core resolves from this folder's node_modules (scripts/test.sh runs npm ci here).
import { chromium } from 'playwright-core';

export const FIXED_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** getUserMedia without a prompt, from Chromium's fake camera (a moving test pattern) and microphone (a beep). */
export const FAKE_MEDIA_FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

const LAUNCH_TIMEOUT_MS = 30000;

/**
 * One persistent context on a fresh profile folder: { chromium: executable, userDataDir, extraArgs?, env? }.
 * Playwright takes the profile folder itself and refuses --user-data-dir in the arguments.
 */
export async function launchPersistent({ chromium: executablePath, userDataDir, extraArgs = [], env = {} }) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...FIXED_FLAGS, ...extraArgs],
    env: { ...process.env, ...env },
    timeout: LAUNCH_TIMEOUT_MS,
  });
}

/** A browser for several isolated contexts (each with its own storage and devices): { chromium, extraArgs?, env? }. */
export async function launchBrowser({ chromium: executablePath, extraArgs = [], env = {} }) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...FIXED_FLAGS, ...extraArgs],
    env: { ...process.env, ...env },
    timeout: LAUNCH_TIMEOUT_MS,
  });
}
