// What the meeting scripts (sfu-meeting.mjs, sdk-meeting.mjs) share: their JSON argument, bounded waits,
// one headless Chromium with the fake camera and microphone (through stun-turn's shared launcher), one
// page per participant on the demo page, its window.edgeway getStats figures and state, and the one JSON
// result line. Each script owns its own steps; none of this judges anything.
import { writeFileSync } from 'node:fs';
import { FAKE_MEDIA_FLAGS, launchBrowser } from '../../../../stun-turn/src/test/js/chromium-launch.mjs';
import { launchFirefox } from '../../../../stun-turn/src/test/js/firefox-launch.mjs';

/** The script's JSON argument; exits 2 naming the first of `required` that is missing. */
function readArgs(script, required) {
  const args = JSON.parse(process.argv[2] ?? '{}');
  for (const key of required) {
    if (!args[key]) {
      console.error(`${script}: the json argument needs "${key}"`);
      process.exit(2);
    }
  }
  return args;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A waitFor(step, check) that polls check() (async, returning truthy when done) every pollMs, at most
 * stepTimeoutMs, and returns check()'s value or throws "<step>: not done within ...".
 */
function waiter(stepTimeoutMs, pollMs) {
  return async function waitFor(step, check) {
    const deadline = Date.now() + stepTimeoutMs;
    while (Date.now() < deadline) {
      const last = await check();
      if (last) return last;
      await sleep(pollMs);
    }
    throw new Error(`${step}: not done within ${stepTimeoutMs} ms`);
  };
}

/**
 * Launches `chromium` (its path) with the fake camera and microphone; the demo page plays sound from
 * <audio> elements, and headless has no user gesture to allow it. Exits 2 if the browser does not start.
 */
async function launchMeetingBrowser(chromium, extraArgs = [], env = {}) {
  try {
    return await launchBrowser({
      chromium,
      extraArgs: [...FAKE_MEDIA_FLAGS, '--autoplay-policy=no-user-gesture-required', ...extraArgs],
      env,
    });
  } catch (err) {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(2);
  }
}

/**
 * A meeting script's start: its arguments (exits 2 without one of `required`), its bounds (the
 * arguments' stepTimeoutMs and sampleGapMs, else `defaults`'), a waitFor polling every defaults.pollMs,
 * the launched browser, and the output to fill in: { browserVersion, failed: null, pages: [] }. With
 * args.insideChromium (a launcher that runs Chromium inside a locked-down network namespace) a second
 * browser, insideBrowser, is started through it with args.insideArgs (e.g. --proxy-server); both get
 * args.env (e.g. a HOME whose NSS database trusts the test CA). args.chromiumArgs are the first browser's
 * extra flags (e.g. --use-file-for-fake-audio-capture).
 */
export async function startMeetingScript(script, required, defaults) {
  const args = readArgs(script, required);
  const stepTimeoutMs = args.stepTimeoutMs ?? defaults.stepTimeoutMs;
  const browser = await launchMeetingBrowser(args.chromium, args.chromiumArgs ?? [], args.env ?? {});
  const insideBrowser = args.insideChromium
    ? await launchMeetingBrowser(args.insideChromium, args.insideArgs ?? [], args.env ?? {})
    : null;
  return {
    args,
    browser,
    insideBrowser,
    sampleGapMs: args.sampleGapMs ?? defaults.sampleGapMs,
    waitFor: waiter(stepTimeoutMs, defaults.pollMs),
    output: { browserVersion: browser.version(), failed: null, pages: [] },
  };
}

/**
 * A new page in its own context, whose console errors, uncaught exceptions, failed requests and error answers
 * go to stderr as "[name] ...";
 * `initScript` (a function), if given, runs in every document of it before the page's own scripts.
 */
export async function newParticipantPage(browser, name, initScript = null) {
  const context = await browser.newContext();
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[${name}] ${m.text()}`); });
  page.on('pageerror', (err) => console.error(`[${name}] uncaught ${err && err.stack ? err.stack : err}`));
  page.on('requestfailed', (r) => console.error(`[${name}] request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) console.error(`[${name}] HTTP ${r.status()} for ${r.url()}`); });
  return { context, page };
}

/**
 * Opens `url` in `page`. Chromium abandons a navigation, or a request of the page's own (its module script),
 * with net::ERR_NETWORK_CHANGED when the host's interfaces change under it (a test's network namespace or
 * veth pair coming up or going away a moment earlier); as a person would, the page is loaded again, at most
 * twice, half a second apart. Any other failure is thrown at once, and so is an answer other than 2xx; a page
 * whose own requests failed for another reason is left as it is, for the step that needs it to say so.
 */
export async function openPage(page, url) {
  for (let attempt = 1; ; attempt++) {
    const abandoned = [];
    const onFailed = (request) => {
      const why = request.failure()?.errorText ?? '';
      if (why.includes('ERR_NETWORK_CHANGED')) abandoned.push(request.url());
    };
    page.on('requestfailed', onFailed);
    try {
      const response = await page.goto(url);
      if (response && !response.ok()) {
        // Not a page a step can wait on: say what the server answered instead of timing out later.
        const body = await response.text().catch((err) => `<unreadable: ${err}>`);
        throw new Error(`${url}: HTTP ${response.status()} ${body.slice(0, 400)}`);
      }
      if (abandoned.length === 0 || attempt > 2) return response;
      console.error(`${url}: requests abandoned on a network change (${abandoned.join(', ')}), loading again`);
    } catch (err) {
      if (attempt > 2 || !String(err && err.message).includes('ERR_NETWORK_CHANGED')) throw err;
    } finally {
      page.off('requestfailed', onFailed);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Launches `firefox` (its path: Debian's firefox-esr) with its fake camera and microphone, headless over
 * WebDriver BiDi (stun-turn's firefox-launch.mjs). Exits 2 if it does not start.
 */
export async function launchMeetingFirefox(firefox) {
  try {
    return await launchFirefox({ firefox });
  } catch (err) {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(2);
  }
}

/**
 * A new Firefox page in its own browser context, console errors to stderr as "[name] ...". Its page has
 * the same evaluate/goto as a Chromium page, so the helpers below serve both.
 */
export async function newFirefoxParticipantPage(firefox, name) {
  const context = await firefox.createBrowserContext();
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[${name}] ${m.text()}`); });
  return { context, page };
}

/**
 * Frames a page must have decoded from a participant before its media counts as flowing. One is not
 * enough: a first keyframe can be followed by a stall while the receiver asks for another (a CI run
 * once saw one frame, then 64 video packets left undecoded for four seconds), and the two samples of a
 * phase are meant to measure steady flow. A stall longer than the step's bound still fails the run.
 */
export const FLOWING_FRAMES = 10;

/** Whether `entry` (one remote participant's inbound figures) shows audio and steadily decoded video. */
export const flowing = (entry) => !!entry && entry.audioPacketsReceived > 0 && entry.videoFramesDecoded >= FLOWING_FRAMES;

/** What a demo page says of itself: { id, phase, others } (its id, joining|joined|..., the others' ids). */
export const readPage = (page) => page.evaluate(() => ({
  id: window.edgeway?.state.selfId ?? null,
  phase: window.edgeway?.state.phase ?? null,
  others: window.edgeway ? window.edgeway.participantIds() : [],
}));

/** Waits until every p of `pages` ({ page, record }) has joined and sees all the others; sets record.id. */
export async function waitAllJoined(waitFor, pages) {
  await waitFor('join', async () => {
    for (const p of pages) {
      const s = await readPage(p.page);
      p.record.id = s.id;
      if (s.phase !== 'joined' || s.others.length !== pages.length - 1) return false;
    }
    return true;
  });
}

/** Waits until every p of `pages` receives audio and steadily decodes video from each of the others. */
export async function waitMediaFromEveryone(waitFor, pages) {
  await waitFor('media from everyone', async () => {
    for (const p of pages) {
      const s = await inboundStats(p.page);
      if (!pages.filter((o) => o !== p).every((o) => flowing(s[o.record.id]))) return false;
    }
    return true;
  });
}

/** The page's inbound figures: remote participant id -> { audioPacketsReceived, videoFramesDecoded, ... }. */
export const inboundStats = (page) => page.evaluate(() => window.edgeway.inboundStats());

/** The page's selected candidate pair: { localType, relayProtocol, remoteType, remoteProtocol, ... } or null. */
export const transportStats = (page) => page.evaluate(() => window.edgeway.transportStats());

/** The demo page's server errors and log. */
export const pageState = (page) => page.evaluate(() => ({
  errors: window.edgeway.state.errors, log: window.edgeway.state.log,
}));

/**
 * After a script's steps, successful or not: copies each p of `pages` ({ page, record })'s server errors and
 * log into p.record, then runs `more(p, state)` (for what a script keeps besides); a page that cannot be read
 * says so in its record's log.
 */
export async function recordPageStates(pages, more = async () => {}) {
  for (const p of pages) {
    try {
      const state = await pageState(p.page);
      Object.assign(p.record, state);
      await more(p, state);
    } catch (err) {
      p.record.log.push(`could not read the page: ${err}`);
    }
  }
}

/**
 * Samples every p of `group` ({ page, record }) twice, sampleGapMs apart, into
 * p.record.samples[`${phase}1`] and [`${phase}2`].
 */
export async function sampleTwice(phase, group, sampleGapMs) {
  for (const p of group) p.record.samples[`${phase}1`] = await inboundStats(p.page);
  await sleep(sampleGapMs);
  for (const p of group) p.record.samples[`${phase}2`] = await inboundStats(p.page);
}

/** Writes the result as one JSON line to resultFile and stdout. */
export function writeResult(resultFile, output) {
  const line = `${JSON.stringify(output)}\n`;
  writeFileSync(resultFile, line);
  process.stdout.write(line);
}
