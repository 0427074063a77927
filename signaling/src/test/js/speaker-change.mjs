// Speaker change through Edgeway's slots: two Chromium hosts whose microphones play the same recording of
// speech-like tone bursts and silence (Chromium's --use-file-for-fake-audio-capture, looped from each
// page's own capture start) take turns, because the second joins a few seconds after the first; a third,
// a viewer, listens and watches. The script measures, at the viewer, how long after each turn change the
// new speaker's audio was heard and its video took the stage. Driven by SpeakerChangeChromiumIT, which makes
// the recording, starts the server and judges the result.
//
// Usage: node speaker-change.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium",               // never a downloaded browser
//     "chromiumArgs": ["--use-file-for-fake-audio-capture=/abs/speech.wav"],
//     "baseUrl": "http://127.0.0.1:8080",
//     "listener": { "name": "Leo", "token": "..." },  // joins first, publishes nothing
//     "speakers": [ { "name": "Ann", "token": "..." }, { "name": "Ben", "token": "..." } ],
//     "camera": { "width": 1280, "height": 720 },    // the speakers' mediaConfiguration.video
//     "secondJoinsAfterMs": 4000,                    // after the first speaker's speech starts
//     "afterLastTurnMs": 2500,                       // watched after the second speaker's second turn began
//     "thumbnailHeight": 180,                        // the server's thumbnail tile: a larger layer is the stage's
//     "samplePeriodMs": 50,                          // getStats on every page
//     "stepTimeoutMs": 25000,                         // bound of every wait
//     "resultFile": "/abs/result.json"
//   }
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, failed: null | "<step>: <why>",
//     speech: { <name>: [ { on, off } ] },                // each speaker's speech, from its microphone's level
//     topHeight: { <name>: <largest frame height it sent> },
//     changes: [ { to, at, otherSilentSince, firstTurn, audioHeardMs, stageSlotMs, stageDecodedMs,
//                  activeSpeakerMs, heightBefore, heightAfter } ],  // each turn change, at the listener
//     pages: [ { name, id, errors, log, messages, mic: [[t, level]], listened: [..samples] } ] }
// A turn change is a speaker's speech starting while every other speaker is silent, after another spoke;
// firstTurn marks the new speaker's first speech (its media may have started moments before).
// Times are Date.now() milliseconds; a delay is null when it never happened. The script judges nothing.
// Exit code 0 when the JSON was written, 2 on a usage or launch failure.
import { startMeetingScript, writeResult } from './meeting-stats.mjs';
import { joinSlotPage, occupantAt, openSlotPage, readSlotPage } from './slot-pages.mjs';

const { args, browser, output, waitFor } = await startMeetingScript('speaker-change.mjs',
  ['chromium', 'chromiumArgs', 'baseUrl', 'listener', 'speakers', 'camera', 'resultFile'],
  { stepTimeoutMs: 25000, sampleGapMs: 0, pollMs: 100 });
const samplePeriodMs = args.samplePeriodMs ?? 50;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A microphone level from which the page is speaking, and one below which it is silent (0..1, linear). */
const SPEAKING_LEVEL = 0.05;
const SILENT_LEVEL = 0.01;
/** Silence shorter than this is a pause within speech (the recording's bursts have 60 ms gaps). */
const PAUSE_MS = 500;
/** An audio slot's level from which the listener hears the speaker. */
const HEARD_LEVEL = 0.01;

const pages = [];

async function open(participant) {
  const { page } = await openSlotPage(browser, args.baseUrl, participant.name);
  const p = { ...participant, page, record: { name: participant.name } };
  pages.push(p);
  output.pages.push(p.record);
  return p;
}

async function join(p, defaults) {
  p.id = await joinSlotPage(p.page, p.token, defaults);
  await p.page.evaluate((ms) => window.slotPage.startSampling(ms), samplePeriodMs);
}

/** [{ on, off }] from a page's microphone samples: speech with pauses shorter than PAUSE_MS inside. */
function speechOf(samples) {
  const spans = [];
  let current = null;
  let quietSince = null;
  for (const s of samples) {
    if (s.mic === null) continue;
    if (s.mic >= SPEAKING_LEVEL) {
      if (!current) {
        current = { on: s.t, off: null };
        spans.push(current);
      }
      quietSince = null;
    } else if (current && s.mic < SILENT_LEVEL) {
      quietSince ??= s.t;
      if (s.t - quietSince >= PAUSE_MS) {
        current.off = quietSince;
        current = null;
        quietSince = null;
      }
    }
  }
  return spans;
}

/** The first listener sample at or after `from` for which `test(sample)` holds, or null. */
function firstSample(samples, from, test) {
  return samples.find((s) => s.t >= from && test(s)) ?? null;
}

/**
 * Measures one turn change to `speaker` at `at` at the listener: when its audio was first heard (an audio
 * slot it occupies receiving packets at a level), when its video took the stage (the slot carrying it sent,
 * by slotsUpdate, and decoded, by getStats, a layer larger than a thumbnail's), and when activeSpeaker
 * named it; and the height its slot decoded just before the change.
 */
function measure(listener, speaker, at, otherSilentSince, firstTurn) {
  const { messages, samples } = listener;
  const thumbnail = args.thumbnailHeight ?? 180;
  const slotOf = (s, kind) => s.in.find((x) => x.kind === kind && occupantAt(messages, x.mid, s.t)?.participantId === speaker.id);
  const heightIn = (m) => (m.video ?? []).find((e) => e.participantId === speaker.id)?.height ?? 0;
  // Before: in the silence before the turn, 300 ms ahead of the speaker's first word as its own getStats
  // dates it (that level is smoothed and rises after the packets that carry the word have left, so the
  // server may rightly have moved the stage a moment before `at`).
  const sampleBefore = samples.filter((s) => s.t < Math.max(otherSilentSince, at - 300)).at(-1);
  const decodedHeightBefore = (sampleBefore && slotOf(sampleBefore, 'video')?.height) || 0;
  const heard = samples.find((s, i) => {
    const slot = s.t >= at && i > 0 ? slotOf(s, 'audio') : null;
    if (!slot || slot.level < HEARD_LEVEL) return false;
    const prior = samples[i - 1].in.find((x) => x.mid === slot.mid);
    return !prior || slot.packets > prior.packets;
  });
  const decoded = samples.find((s) => s.t >= at && (slotOf(s, 'video')?.height ?? 0) > thumbnail);
  const stageUpdate = messages.find((m) => m.t >= at && m.type === 'slotsUpdate' && heightIn(m) > thumbnail);
  const speakerMessage = messages.find((m) => m.t >= at && m.type === 'activeSpeaker' && m.participantId === speaker.id);
  const after = (t) => (t === undefined || t === null ? null : t - at);
  return {
    to: speaker.name,
    at,
    otherSilentSince,
    firstTurn,
    audioHeardMs: after(heard?.t),
    stageSlotMs: after(stageUpdate?.t),
    stageDecodedMs: after(decoded?.t),
    activeSpeakerMs: after(speakerMessage?.t),
    heightBefore: decodedHeightBefore,
    heightAfter: decoded ? slotOf(decoded, 'video').height : null,
  };
}

try {
  const listener = await open(args.listener);
  const speakers = [];
  for (const s of args.speakers) speakers.push(await open(s));
  const [first, second] = speakers;

  await join(listener, { audio: false, video: false });
  const camera = { video: { width: { ideal: args.camera.width }, height: { ideal: args.camera.height } } };
  await join(first, { audio: true, video: true, mediaConfiguration: camera });
  // The first speaker's recording starts with speech: wait for it, then let the second join so that its
  // speech starts after the first's has stopped.
  const firstSpeech = await waitFor('first speaker speaking', () => first.page.evaluate(
    (level) => window.slotPage.samples.find((s) => s.mic !== null && s.mic >= level)?.t ?? null, SPEAKING_LEVEL));
  await sleep(Math.max(0, firstSpeech + (args.secondJoinsAfterMs ?? 4000) - Date.now()));
  await join(second, { audio: true, video: true, mediaConfiguration: camera });
  await waitFor('everyone sees everyone', async () => {
    for (const p of pages) {
      const others = await p.page.evaluate(() => window.slotPage.others());
      if (others.length !== pages.length - 1) return false;
    }
    return true;
  });
  // Each speaker's turn comes round again once the recording loops: watch until the second speaker's
  // second turn has begun, then a little longer for its effects.
  const micOf = (p) => p.page.evaluate(() => window.slotPage.samples.map((x) => ({ t: x.t, mic: x.mic })));
  await waitFor('second speaker\'s second turn', async () => speechOf(await micOf(second)).length >= 2);
  await sleep(args.afterLastTurnMs ?? 2500);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  const records = new Map();
  for (const p of pages) {
    try {
      const r = await readSlotPage(p.page);
      records.set(p, r);
      Object.assign(p.record, { id: r.id, errors: r.errors, log: r.log, messages: r.messages });
    } catch (err) {
      p.record.log = [...(p.record.log ?? []), `could not read the page: ${err}`];
    }
  }
  await browser.close();
  try {
    const [listener, ...speakers] = pages;
    output.speech = {};
    output.topHeight = {};
    for (const s of speakers) {
      const r = records.get(s);
      if (!r) continue;
      output.speech[s.name] = speechOf(r.samples);
      output.topHeight[s.name] = Math.max(0, ...r.samples.flatMap((x) => x.out.map((o) => o.height)));
      s.record.mic = r.samples.map((x) => [x.t, x.mic]);
    }
    const heard = records.get(listener);
    if (heard) {
      listener.record.listened = heard.samples;
      // Every onset of a speaker while every other speaker is silent is a turn change.
      output.changes = [];
      for (const s of speakers) {
        for (const span of output.speech[s.name] ?? []) {
          const others = speakers.filter((o) => o !== s).flatMap((o) => output.speech[o.name] ?? []);
          if (others.some((o) => o.on <= span.on && (o.off === null || o.off > span.on))) continue;
          const lastOff = Math.max(0, ...others.filter((o) => o.off !== null && o.off <= span.on).map((o) => o.off));
          if (lastOff === 0) continue;   // nobody spoke before: not a change of speaker
          output.changes.push(measure(heard, s, span.on, lastOff, span === output.speech[s.name][0]));
        }
      }
      output.changes.sort((a, b) => a.at - b.at);
    }
  } catch (err) {
    output.failed ??= `measuring: ${err && err.stack ? err.stack : err}`;
  }
}
writeResult(args.resultFile, output);
