// Edgeway's demo page, built on the RealtimeKit-style SDK at /sdk/edgeway-rtk.js (the SDK does the
// signaling and the WebRTC negotiation; this page only draws). Joins a meeting from the URL:
//   /?authToken=<token>            a participant token from the REST API (RealtimeKit's parameter name)
//   /?meeting=demo&name=Alice      an open session by name (servers with open-sessions: true)
// Optional: &relay=1 sends media only through this server's TURN relay (iceTransportPolicy 'relay'), with
// the credentials of GET /v1/dev/ice-servers (open sessions only); &turn=tcp (or udp) keeps only that
// TURN transport. Shows a meeting of up to 100 as a stage and a grid of tiles, the active speaker's
// highlighted, in the speaker view or in pages (edgeway-grid.js), plays everyone's sound
// (edgeway-audio.js), and has mute buttons and the meeting's chat.
//
// For tests, window.edgeway exposes start(options) (init options, for a page opened without a meeting
// in its URL), the SDK's meeting object, the page's state and two getStats() summaries.

import EdgewayRTK from '/sdk/edgeway-rtk.js';
import { RemoteAudio } from '/edgeway-audio.js';
import { Grid } from '/edgeway-grid.js';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const statusEl = $('status');
const buttons = { mic: $('mic'), camera: $('camera'), screen: $('screen'), leave: $('leave') };

const state = {
  phase: 'starting',          // starting | joining | waitlisted | joined | left | rejected | failed
  selfId: null,
  errors: [],                 // every error code the SDK reported, in order
  log: [],
};
let meeting = null;

function note(text) {
  state.log.push(`${Math.round(performance.now())}ms ${text}`);
}

function setStatus(text) {
  statusEl.textContent = text;
  note(`status: ${text}`);
}

// --- drawing -----------------------------------------------------------------------------------

const grid = new Grid({
  view: $('view'), stage: $('stage'), tiles: $('tiles'), layout: $('layout'), speakerView: $('speaker-view'),
  pagesView: $('pages-view'), pager: $('pager'), previous: $('previous-page'), next: $('next-page'),
  pageLabel: $('page-label'),
}, { requestRender: () => redraw(), report: (err) => setStatus(err.message) });
const audio = new RemoteAudio($('audio'), (blocked) => { $('sound').hidden = !blocked; });
$('sound').addEventListener('click', () => audio.resume());

let redrawQueued = false;

/** Draws the meeting once after the current burst of SDK events (a slotsUpdate changes several at once). */
function redraw() {
  if (redrawQueued) return;
  redrawQueued = true;
  queueMicrotask(() => {
    redrawQueued = false;
    if (!meeting?.self.roomJoined) return;
    grid.render(meeting);
    const tracks = [];
    for (const p of meeting.participants.joined.values()) tracks.push(p.audioTrack, p.screenShareTracks.audio);
    audio.play(tracks);
    drawControls();
  });
}

function drawControls() {
  const self = meeting.self;
  buttons.mic.textContent = self.audioEnabled ? 'Mute' : 'Unmute';
  buttons.camera.textContent = self.videoEnabled ? 'Stop video' : 'Start video';
  buttons.screen.textContent = self.screenShareEnabled ? 'Stop sharing' : 'Share screen';
  buttons.mic.disabled = !self.permissions.canProduceAudio;
  buttons.camera.disabled = !self.permissions.canProduceVideo;
  buttons.screen.disabled = !self.permissions.canProduceScreenshare || !navigator.mediaDevices?.getDisplayMedia;
}

// --- chat --------------------------------------------------------------------------------------

function drawMessage(message) {
  const li = document.createElement('li');
  const who = document.createElement('b');
  who.textContent = message.displayName;
  li.append(who, document.createTextNode(message.message));
  li.title = message.time.toLocaleTimeString();
  $('messages').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

$('say').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = e.target.elements.text;
  const text = input.value.trim();
  if (!text || !meeting) return;
  meeting.chat.sendTextMessage(text).then(() => { input.value = ''; }, (err) => setStatus(`chat: ${err.message}`));
});

// --- the meeting -------------------------------------------------------------------------------

function reportError(code) {
  state.errors.push(code);
}

/** The status line: where we are, as whom, and how many are here (joined excludes self: + 1). */
function showCount() {
  const total = meeting.participants.joined.size() + 1;
  setStatus(`in ${meeting.meta.meetingTitle} as ${meeting.self.name} (${total} here)`);
}

/** Joins with SDK init options; the page's URL supplies them, tests may call it themselves. */
async function start(options) {
  $('join').hidden = true;
  meeting = await EdgewayRTK.init({ defaults: { audio: true, video: true }, log: note, ...options });
  const { self, participants, chat } = meeting;

  // Listeners before join(), as RealtimeKit asks.
  self.on('roomJoined', () => {
    state.phase = 'joined';
    state.selfId = self.id;
    $('title').textContent = `Edgeway: ${meeting.meta.meetingTitle}`;
    chat.messages.forEach(drawMessage);
    $('chat').hidden = false;
    buttons.leave.disabled = false;
    showCount();
    redraw();
  });
  self.on('roomLeft', ({ state: why }) => {
    state.phase = why === 'left' || why === 'rejected' ? why : 'failed';
    grid.clear();
    audio.clear();
    Object.values(buttons).forEach((b) => { b.disabled = true; });
    setStatus(why === 'left' ? 'left' : `no longer in the meeting (${why})`);
  });
  for (const event of ['audioUpdate', 'videoUpdate', 'screenShareUpdate', 'pinned', 'unpinned']) {
    self.on(event, redraw);
    participants.joined.on(event, redraw);
  }
  participants.joined.on('participantJoined', () => {
    showCount();
    redraw();
  });
  participants.joined.on('participantLeft', (p, { reason }) => {
    note(`${p.id} left (${reason})`);
    showCount();
    redraw();
  });
  // Whose video is received, who is pinned, the layout and the page: the grid follows each.
  for (const event of ['participantJoined', 'participantLeft']) {
    participants.active.on(event, redraw);
    participants.pinned.on(event, redraw);
  }
  for (const event of ['viewModeChanged', 'pageChanged']) participants.on(event, redraw);
  participants.on('activeSpeaker', (speaker) => {
    grid.speaker(speaker.id, speaker === self);
    redraw();
  });
  chat.on('chatUpdate', ({ message }) => drawMessage(message));
  meeting.on('error', ({ code }) => reportError(code));   // the SDK's log has the message
  meeting.on('kicked', ({ message }) => setStatus(`removed from the meeting: ${message}`));
  meeting.on('meetingEnded', () => setStatus('the meeting ended'));
  watchWaitingRoom();

  state.phase = 'joining';
  setStatus('joining');
  try {
    await meeting.join();
  } catch (err) {
    reportError(err.code);
    if (state.phase !== 'rejected') state.phase = 'failed';
    setStatus(`could not join: ${err.message}`);
  }
}

// --- the waiting room ---------------------------------------------------------------------------

/** Waiting: a status line. Hosts (acceptWaitingRequests): the list of those waiting, each with Admit and Reject. */
function watchWaitingRoom() {
  const { self, participants } = meeting;
  self.on('waitlisted', () => {
    state.phase = 'waitlisted';
    state.selfId = self.id;
    setStatus(`waiting for a host to let you in, as ${self.name}`);
  });
  const draw = () => {
    const list = $('waiting');
    list.replaceChildren(...[...participants.waitlisted.values()].map((p) => {
      const li = document.createElement('li');
      li.dataset.participant = p.id;
      const name = document.createElement('span');
      name.textContent = p.name;
      const admit = document.createElement('button');
      admit.type = 'button';
      admit.textContent = 'Admit';
      admit.dataset.action = 'accept';
      admit.addEventListener('click', () => participants.acceptWaitingRoomRequest(p.id).catch((e) => setStatus(e.message)));
      const reject = document.createElement('button');
      reject.type = 'button';
      reject.textContent = 'Reject';
      reject.dataset.action = 'reject';
      reject.addEventListener('click', () => participants.rejectWaitingRoomRequest(p.id).catch((e) => setStatus(e.message)));
      li.append(name, admit, reject);
      return li;
    }));
    $('lobby').hidden = !self.permissions.acceptWaitingRequests || participants.waitlisted.size() === 0;
  };
  participants.waitlisted.on('participantJoined', draw);
  participants.waitlisted.on('participantLeft', draw);
  self.on('roomJoined', draw);
}

async function relayOptions() {
  const response = await fetch('/v1/dev/ice-servers', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /v1/dev/ice-servers: ${response.status}`);
  const { iceServers } = await response.json();
  const transport = params.get('turn');
  if (transport) {
    for (const server of iceServers) server.urls = server.urls.filter((url) => url.endsWith(`?transport=${transport}`));
  }
  return { iceServers, iceTransportPolicy: 'relay' };
}

async function startFromUrl() {
  const authToken = params.get('authToken');
  const openSession = { meeting: params.get('meeting'), name: params.get('name') };
  if (!authToken && !(openSession.meeting && openSession.name)) {
    $('join').hidden = false;
    setStatus('choose a session');
    return;
  }
  const relay = params.get('relay') === '1' || params.get('relay') === 'true';
  await start({ ...(authToken ? { authToken } : { openSession }), ...(relay ? await relayOptions() : {}) });
}

function toggle(enabled, enable, disable) {
  (enabled ? disable() : enable()).catch((err) => setStatus(err.message));
}

buttons.mic.addEventListener('click', () => toggle(meeting.self.audioEnabled,
  () => meeting.self.enableAudio(), () => meeting.self.disableAudio()));
buttons.camera.addEventListener('click', () => toggle(meeting.self.videoEnabled,
  () => meeting.self.enableVideo(), () => meeting.self.disableVideo()));
buttons.screen.addEventListener('click', () => toggle(meeting.self.screenShareEnabled,
  () => meeting.self.enableScreenShare(), () => meeting.self.disableScreenShare()));
buttons.leave.addEventListener('click', () => meeting.leave());
$('join').addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(e.target);
  const query = new URLSearchParams({ meeting: data.get('meeting'), name: data.get('name') });
  if (data.get('relay')) query.set('relay', '1');
  location.search = query.toString();
});

// --- what tests read ---------------------------------------------------------------------------

/** Inbound media per remote participant id: audio packets received, video frames decoded, video packets, the
 * codecs as this page numbers them (e.g. "opus/111"), and for diagnosis the video keyframes decoded, packets
 * lost and the NACK/PLI/FIR this page sent. */
async function inboundStats() {
  const byParticipant = {};
  const report = meeting ? await meeting.getStats() : null;
  if (!report) return byParticipant;
  const owner = new Map();
  for (const p of meeting.participants.joined.values()) {
    for (const track of [p.audioTrack, p.videoTrack]) if (track) owner.set(track.id, p.id);
  }
  report.forEach((s) => {
    if (s.type !== 'inbound-rtp' || !owner.has(s.trackIdentifier)) return;
    const entry = byParticipant[owner.get(s.trackIdentifier)] ??= {
      audioPacketsReceived: 0, videoFramesDecoded: 0, videoPacketsReceived: 0,
      videoKeyFramesDecoded: 0, videoPacketsLost: 0, videoNacks: 0, videoPlis: 0, videoFirs: 0,
    };
    const codec = s.codecId ? report.get(s.codecId) : null;
    if (codec) entry[`${s.kind}Codec`] = `${codec.mimeType.split('/')[1]}/${codec.payloadType}`;
    if (s.kind === 'audio') entry.audioPacketsReceived += s.packetsReceived ?? 0;
    if (s.kind === 'video') {
      entry.videoFramesDecoded += s.framesDecoded ?? 0;
      entry.videoPacketsReceived += s.packetsReceived ?? 0;
      // What a stalled picture is waiting for: lost packets, and the requests this page sent for them.
      entry.videoKeyFramesDecoded += s.keyFramesDecoded ?? 0;
      entry.videoPacketsLost += s.packetsLost ?? 0;
      entry.videoNacks += s.nackCount ?? 0;
      entry.videoPlis += s.pliCount ?? 0;
      entry.videoFirs += s.firCount ?? 0;
    }
  });
  return byParticipant;
}

/** The selected candidate pair: local candidate type and relay protocol, remote type and protocol. */
async function transportStats() {
  const report = meeting ? await meeting.getStats() : null;
  if (!report) return null;
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
  });
  // Firefox has no transport stats; its candidate pairs say which one is selected.
  if (!pair) report.forEach((s) => { if (s.type === 'candidate-pair' && s.selected) pair = s; });
  if (!pair) return null;
  const local = report.get(pair.localCandidateId);
  const remote = report.get(pair.remoteCandidateId);
  return {
    localType: local?.candidateType ?? null,
    localProtocol: local?.protocol ?? null,
    relayProtocol: local?.relayProtocol ?? null,
    remoteType: remote?.candidateType ?? null,
    remoteProtocol: remote?.protocol ?? null,
    remoteAddress: remote ? `${remote.address}:${remote.port}` : null,
  };
}

window.edgeway = {
  state,
  start,
  get meeting() { return meeting; },
  leave: () => meeting?.leave(),
  inboundStats,
  transportStats,
  participantIds: () => (meeting ? [...meeting.participants.joined.keys()] : []),
  waitlistedIds: () => (meeting ? [...meeting.participants.waitlisted.keys()] : []),
};

startFromUrl().catch((err) => {
  state.phase = 'failed';
  setStatus(`could not start: ${err}`);
});
