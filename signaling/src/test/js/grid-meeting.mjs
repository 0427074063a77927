// A meeting of headless Chromium pages on Edgeway's demo page, joined with participant tokens whose preset
// may pin, large enough (against a server with few video slots) that the first page's grid needs two
// pages of tiles. Only the second and third keep their microphones on. The first page is driven through
// its own buttons, as a user would: the pages layout, page 1, the next page, a participant turning the
// camera off, pinning a participant to the stage, back to the active-speaker layout, and the speaker
// highlight following whoever alone keeps the microphone on. Driven by DemoGridChromiumIT, which starts the server, sets the meeting up and judges the result.
//
// Usage: node grid-meeting.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium",            // never a downloaded browser
//     "baseUrl": "http://127.0.0.1:8080",
//     "participants": [{"name": "Ann", "token": "..."}, ...], // one page each, joining in this order; the
//                                                             // first is the one watched
//     "pageSize": 2,                              // tiles per page (the server's sfu-video-slots)
//     "stepTimeoutMs": 20000,                     // bound of every wait
//     "sampleGapMs": 1000,                        // between the two readings of a phase
//     "screenshotDir": "/abs/dir",                // optional: PNGs of the watched page at each phase
//     "resultFile": "/abs/result.json"
//   }
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, failed: null | "<step>: <why>", pages: [ { name, id, errors, log, inbound } ],
//     phases: { <phase>: { waitedMs, marks, first, second, unsteady: [{ atMs, first, second }] } } }
// (inbound: the page's getStats figures by participant when the meeting was up, meeting-stats.mjs) with the
// phases pages1, pages2, cameraOff, pinned, speakerView, speaker1, speaker2 in that order. first is the
// watched page's grid when the phase's condition held (after waitedMs), second the same sampleGapMs later;
// marks says when parts of it held first (speaker1/2: highlight, then stageVideo, ms after the microphones
// changed), unsteady the earlier pairs of readings of pages1 and pages2 in which a tile stopped decoding
// between the two (the phase then waited and read again, within stepTimeoutMs):
//   { layout: speaker|pages, pageLabel, pagerShown, peerIdsForCurrentPage, active: [ids], lastActiveSpeaker,
//     stage: tile|null, self: tile, tiles: [tile] (the participants' tiles, in order),
//     audio: [{ track (its id), owner (whose audioTrack it is), playing, time (currentTime) }] }
// tile: { id, name, video (a picture shown, not the initials), frames (getVideoPlaybackQuality),
//   videoWidth, videoHeight, initials (shown without video), mic, camera (on|off), speaking, pinned }.
// The script waits for what each phase should show and judges nothing else: on a timeout it records the
// last reading as the phase's first and says which step failed. Exit code 0 when the JSON was written,
// 2 on a usage or launch failure.
import {
  FLOWING_FRAMES, inboundStats, newParticipantPage, readPage, recordPageStates, startMeetingScript, writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, output, sampleGapMs, waitFor } = await startMeetingScript('grid-meeting.mjs',
  ['chromium', 'baseUrl', 'participants', 'pageSize', 'resultFile'],
  { stepTimeoutMs: 20000, sampleGapMs: 1000, pollMs: 200 });
output.phases = {};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the page shows: the layout controls, the stage, the tiles, the sound, and the SDK's view of it. */
const readGrid = (page) => page.evaluate(() => {
  const meeting = window.edgeway.meeting;
  const tile = (figure) => {
    const video = figure.querySelector('video');
    const avatar = figure.querySelector('.avatar');
    const avatarShown = getComputedStyle(avatar).display !== 'none';
    return {
      id: figure.dataset.participant ?? null,
      name: figure.querySelector('.name').textContent,
      video: !figure.classList.contains('no-video') && !avatarShown,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      initials: avatarShown ? avatar.textContent : null,
      mic: figure.dataset.mic,
      camera: figure.dataset.camera,
      speaking: figure.classList.contains('speaking'),
      pinned: figure.querySelector('.pin').getAttribute('aria-pressed') === 'true',
    };
  };
  const figures = [...document.querySelectorAll('#tiles figure')];
  const stage = document.getElementById('stage');
  const owners = [...meeting.participants.joined.values()];
  return {
    layout: document.getElementById('speaker-view').getAttribute('aria-pressed') === 'true' ? 'speaker' : 'pages',
    pageLabel: document.getElementById('page-label').textContent,
    pagerShown: !document.getElementById('pager').hidden,
    peerIdsForCurrentPage: meeting.participants.getPeerIdsForCurrentPage(),
    active: [...meeting.participants.active.keys()],
    lastActiveSpeaker: meeting.participants.lastActiveSpeaker,
    stage: stage.hidden ? null : tile(stage.querySelector('figure')),
    self: tile(figures.find((f) => f.classList.contains('self'))),
    tiles: figures.filter((f) => !f.classList.contains('self') && !f.classList.contains('screen')).map(tile),
    audio: [...document.querySelectorAll('#audio audio')].map((a) => {
      const track = a.srcObject ? a.srcObject.getAudioTracks()[0] : undefined;
      return { track: a.dataset.track, owner: owners.find((p) => p.audioTrack === track)?.id ?? null,
        playing: !a.paused, time: a.currentTime };
    }),
  };
});

/** The frames a figure of participant `id` (in the stage or the tiles of `grid`) showed, or 0. */
const framesOf = (grid, id, where) => (where === 'stage' ? (grid.stage?.id === id ? grid.stage.frames : 0)
  : (grid.tiles.find((t) => t.id === id)?.frames ?? 0));

/**
 * Runs `act`, then waits until `check(grid, since, mark)` holds for the watched page (since: the reading
 * before `act`; mark(label, holds) notes in phases[name].marks the ms after `act` when a part of the
 * condition first held), records the reading as phases[name].first with the time it took, and sampleGapMs
 * later the second. A timeout records the last reading and rethrows.
 *
 * With `steady(first, second)`: a pair of readings it does not hold for (a tile that decoded in the first
 * stopped before the second) is kept in phases[name].unsteady, and the phase waits for its condition and
 * reads again, while stepTimeoutMs since `act` lasts; the last pair is recorded either way and judged by the
 * test. On a loaded machine the server's bandwidth estimate toward the page dips now and then (CPU
 * starvation read as queueing delay), and the server then rightly pauses a thumbnail until it recovers: the
 * pages are judged on a second in which the estimate let them be served, not on the first second after
 * they were.
 */
async function phase(name, act, check, steady) {
  const since = await readGrid(watched.page);
  const started = Date.now();
  await act();
  const record = { waitedMs: null, marks: {}, first: null, second: null, unsteady: [] };
  output.phases[name] = record;
  const mark = (label, holds) => {
    if (holds && record.marks[label] === undefined) record.marks[label] = Date.now() - started;
    return holds;
  };
  for (;;) {
    let last = since;
    try {
      await waitFor(name, async () => {
        last = await readGrid(watched.page);
        return check(last, since, mark);
      });
    } finally {
      record.first = last;
      record.waitedMs = Date.now() - started;
    }
    if (args.screenshotDir) await watched.page.screenshot({ path: `${args.screenshotDir}/${name}.png` });
    await sleep(sampleGapMs);
    record.second = await readGrid(watched.page);
    if (!steady || steady(record.first, record.second)
        || Date.now() - started >= (args.stepTimeoutMs ?? 20000)) return;
    record.unsteady.push({ atMs: Date.now() - started, first: record.first, second: record.second });
  }
}

/** Whether the tiles are exactly `ids`, in order, each showing video that decoded enough frames since `since`. */
const tilesShow = (grid, since, ids) => grid.tiles.length === ids.length
  && grid.tiles.every((t, i) => t.id === ids[i] && t.video && t.videoWidth > 0
    && t.frames - framesOf(since, t.id, 'tiles') >= FLOWING_FRAMES);

/**
 * Whether each of `ids` kept decoding from `first` to `second` (the frames of its tile went on) and the
 * page received exactly their videos in `second`.
 */
const keptShowing = (first, second, ids) => ids.every((id) => {
  const tile = second.tiles.find((t) => t.id === id);
  return tile !== undefined && tile.video && tile.frames > framesOf(first, id, 'tiles');
}) && second.active.length === ids.length && ids.every((id) => second.active.includes(id));

/** Whether the stage shows `id` with video that decoded enough frames since `since`. */
const stageShows = (grid, since, id) => grid.stage !== null && grid.stage.id === id && grid.stage.video
  && grid.stage.videoWidth > 0 && grid.stage.frames - framesOf(since, id, 'stage') >= FLOWING_FRAMES;

/** Whether `id`, and only `id`, is highlighted as the speaker, wherever it is shown, and the SDK says so. */
const onlySpeaker = (grid, id) => grid.lastActiveSpeaker === id
  && [grid.stage, grid.self, ...grid.tiles].filter((t) => t && t.speaking).every((t) => t.id === id)
  && [grid.stage, ...grid.tiles].some((t) => t && t.id === id && t.speaking);

const click = (p, selector) => p.page.click(selector, { timeout: args.stepTimeoutMs ?? 20000 });

/** Turns p's microphone on or off with its own button (which says Mute while it is on), if it is not already. */
async function setMic(p, on) {
  const isOn = async () => (await p.page.textContent('#mic')) === 'Mute';
  if ((await isOn()) === on) return;
  await click(p, '#mic');
  await waitFor(`${p.name}'s microphone ${on ? 'on' : 'off'}`, async () => (await isOn()) === on);
}

const pages = [];
let watched = null;
try {
  // 1. Everyone joins, one after the other, so the watched page's joined list is in this order.
  for (const { name, token } of args.participants) {
    const { context, page } = await newParticipantPage(browser, name);
    await openPage(page, `${args.baseUrl}/?authToken=${encodeURIComponent(token)}`);
    const record = { name, id: null, errors: [], log: [] };
    const p = { name, context, page, record };
    pages.push(p);
    output.pages.push(record);
    await waitFor(`${name} joins`, async () => {
      const s = await readPage(page);
      record.id = s.id;
      return s.phase === 'joined';
    });
  }
  watched = pages[0];
  const others = pages.slice(1).map((p) => p.record.id);
  await waitFor('everyone sees everyone', async () => {
    for (const p of pages) if ((await readPage(p.page)).others.length !== pages.length - 1) return false;
    return true;
  });
  // As in a real meeting, not everyone talks at once: only the second and third keep their microphones on
  // (the fake microphones all beep alike, and everyone "speaking" would reorder each page's last-N by
  // speech twice a second). The meeting is up when every page decodes as many videos as it has slots
  // (the server's last-N).
  for (const p of pages) await setMic(p, p === pages[1] || p === pages[2]);
  const size = args.pageSize;
  await waitFor('video on every page', async () => {
    let all = true;
    for (const p of pages) {
      p.record.inbound = await inboundStats(p.page);
      const decoding = Object.values(p.record.inbound).filter((e) => e.videoFramesDecoded >= FLOWING_FRAMES);
      if (decoding.length < size) all = false;
    }
    return all;
  });
  const page1 = others.slice(0, size);
  const page2 = others.slice(size, 2 * size);

  // 2. The pages layout: page 1 of 2 shows the first joiners, with their video.
  await phase('pages1', () => click(watched, '#pages-view'),
    (g, since) => g.layout === 'pages' && g.pageLabel === 'Page 1 of 2' && tilesShow(g, since, page1),
    (first, second) => keptShowing(first, second, page1));

  // 3. The next page shows the others, with their video; the sound of the first page's plays on.
  await phase('pages2', () => click(watched, '#next-page'),
    (g, since) => g.pageLabel === 'Page 2 of 2' && tilesShow(g, since, page2)
      && g.audio.some((a) => page1.includes(a.owner) && a.playing),
    (first, second) => keptShowing(first, second, page2));

  // 4. The last participant turns the camera off: its tile says so and shows its initials.
  const last = pages[pages.length - 1];
  await phase('cameraOff', () => click(last, '#camera'),
    (g) => g.tiles.some((t) => t.id === last.record.id && t.camera === 'off' && !t.video && t.initials));

  // 5. Pinning the other participant of page 2 puts it on the stage, with its video.
  const pinnedId = page2[0];
  await phase('pinned', () => click(watched, `#tiles figure[data-participant="${pinnedId}"] button.pin`),
    (g, since) => stageShows(g, since, pinnedId) && g.stage.pinned);

  // 6. Unpinned, and back to the active-speaker layout: no pager; the stage shows someone.
  await phase('speakerView', async () => {
    await click(watched, '#stage button.pin');
    await click(watched, '#speaker-view');
  }, (g) => g.layout === 'speaker' && !g.pagerShown && g.stage !== null && !g.stage.pinned);

  // 7. Only the second participant keeps the microphone on: it becomes the active speaker, highlighted
  // on the stage; the muted show their microphone off.
  const [first, second] = [pages[1], pages[2]];
  await phase('speaker1', () => setMic(second, false),
    (g, since, mark) => mark('highlight', onlySpeaker(g, first.record.id))
    && mark('stageVideo', stageShows(g, since, first.record.id)));

  // 8. The third takes over (microphone on, the second's off): the highlight and the stage follow.
  await phase('speaker2', async () => {
    await setMic(second, true);
    await setMic(first, false);
  }, (g, since, mark) => mark('highlight', onlySpeaker(g, second.record.id))
    && mark('stageVideo', stageShows(g, since, second.record.id)));
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  await recordPageStates(pages);
  await browser.close();
}
writeResult(args.resultFile, output);
