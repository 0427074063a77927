// The one way Edgeway's tests start Firefox: Debian's firefox-esr (never a browser a tool would download),
// headless, driven by puppeteer-core over WebDriver BiDi, with fixed preferences. Shared by relay-core's
// sdp/capture-firefox-offer.mjs and signaling's browser-meeting.mjs; they import it by relative path,
// and puppeteer-core resolves from this folder's node_modules (scripts/test.sh runs npm ci here).
import puppeteer from 'puppeteer-core';

/**
 * getUserMedia without a prompt from Firefox's fake devices, and WebRTC on loopback. Without a granted
 * camera/microphone permission Firefox gathers only the default route's host candidates, and without
 * media.peerconnection.ice.loopback it gathers none on 127.0.0.1.
 */
export const FAKE_MEDIA_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'media.peerconnection.ice.loopback': true,
  // Remote audio plays from a <video> element; headless has no user gesture to allow it.
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/** Quiet: no update checks, telemetry or remote settings from a test browser. */
const FIXED_PREFS = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

const LAUNCH_TIMEOUT_MS = 30000;

/** { firefox: executable, prefs?, env? } -> a puppeteer Browser on a fresh temporary profile. */
export async function launchFirefox({ firefox: executablePath, prefs = {}, env = {} }) {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: true,
    extraPrefsFirefox: { ...FIXED_PREFS, ...FAKE_MEDIA_PREFS, ...prefs },
    env: { ...process.env, ...env },
    timeout: LAUNCH_TIMEOUT_MS,
  });
}
