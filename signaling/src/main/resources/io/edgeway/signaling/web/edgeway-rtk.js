// Edgeway's browser SDK, shaped after Cloudflare RealtimeKit's web core client, so that an app written
// for RealtimeKit runs on Edgeway by changing the import. An ES module without dependencies or a build
// step, served by Edgeway at /sdk/edgeway-rtk.js:
//
//   import RealtimeKitClient from 'https://edgeway.example/sdk/edgeway-rtk.js';
//   const meeting = await RealtimeKitClient.init({ authToken, defaults: { audio: true, video: true } });
//   meeting.participants.joined.on('participantJoined', (p) => ...);   // listeners before join()
//   await meeting.join();
//
// Namespaces: meeting.self (the local participant), meeting.participants (.joined: everyone else, never
// self, so the meeting has joined.size() + 1 people; .waitlisted; .pinned), meeting.chat, meeting.meta,
// meeting.recording, meeting.polls.
// Edgeway extensions, outside RealtimeKit's shape: init({ openSession: { meeting, name } }) joins an open
// session by name (servers with open-sessions: true), init({ log }) receives diagnostic lines, and
// meeting.getStats() returns the RTCStatsReport of the one RTCPeerConnection.
//
// Underneath: one WebSocket to <baseURI>/ws and one RTCPeerConnection to Edgeway's SFU, negotiated as
// docs/SIGNALING.md says. The SDK offers first, after roomJoined; the server offers whenever the tracks
// to receive change; the SDK is the polite peer (on glare it rolls its offer back, answers, and offers
// again when the server's negotiation_glare refusal arrives). Server messages are handled strictly one
// after another. The server sends through a fixed set of slots (a few audio, a few video), offered once;
// slotsUpdate says which participant each carries, and the SDK hands each participant the tracks of its
// slots as audioTrack / videoTrack (a server without slots names the publisher in the stream id). The
// camera is published as three simulcast layers; the server pauses those nobody receives (layers). What
// the page shows (pinned participants, view mode, page, registered video elements) goes to the server as
// view, so it sends the right videos at the right sizes. Audio and
// camera go in sending sections negotiated once at join; muting replaces the sender's track with none
// (no renegotiation) and tells the server with mediaState. A participant whose preset may not publish a
// kind offers a receive-only section for it instead.

const VERSION = '0.2.0';
/** The camera's simulcast layers, smallest first: a quarter, half and full resolution. */
const SIMULCAST_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1500000 },
];
const REQUEST_TIMEOUT_MS = 10000;
const JOIN_TIMEOUT_MS = 15000;
/** Errors after which the server has removed this participant from the meeting. */
const FATAL_CODES = new Set(['media_disconnected', 'invalid_answer']);
/** Refusals that answer a message without naming it: each goes to the oldest request that expects it. */
const REQUEST_CODES = ['invalid_request', 'invalid_message', 'not_joined'];
const MEDIA_CODES = ['publish_not_permitted', ...REQUEST_CODES];
const CHAT_CODES = ['chat_message_too_long', 'chat_message_empty', 'chat_rate_limited', 'chat_not_permitted',
  ...REQUEST_CODES];
const KICK_CODES = ['kick_not_permitted', 'participant_not_found', ...REQUEST_CODES];
const RECORDING_CODES = ['recording_not_permitted', 'recording_unavailable', 'recording_duration_exceeded',
  ...REQUEST_CODES];
const WAITING_ROOM_CODES = ['waiting_room_not_permitted', 'participant_not_found', 'session_full', ...REQUEST_CODES];
const PIN_CODES = ['pin_not_permitted', 'participant_not_found', ...REQUEST_CODES];
const DISABLE_CODES = ['disable_not_permitted', 'participant_not_found', ...REQUEST_CODES];
const POLL_CODES = ['poll_not_permitted', 'poll_not_found', 'poll_already_voted', ...REQUEST_CODES];
/** Permissions of an open session (docs/SIGNALING.md: open sessions allow publishing all three kinds). */
const OPEN_PERMISSIONS = Object.freeze({
  canProduceAudio: true, canProduceVideo: true, canProduceScreenshare: true, canSendChat: true,
  canSendPrivateChat: false, canReceivePrivateChat: false, canRecord: false, canStartStopRecording: false,
  kickParticipant: false, pinParticipant: false, canDisableParticipantAudio: false, canDisableParticipantVideo: false,
  acceptWaitingRequests: false, waitingRoomType: 'SKIP', waitingRoomBypass: true, hiddenParticipant: false,
  polls: Object.freeze({ canCreate: false, canVote: false, canView: false }),
});

/** An error the SDK rejects with: `code` is the server's error code (or the SDK's, same vocabulary). */
export class EdgewayError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'EdgewayError';
    this.code = code;
  }
}

// Internal operations of the public objects, keyed by symbols the app cannot reach by name.
const ADD = Symbol('add');
const REMOVE = Symbol('remove');
const CLEAR = Symbol('clear');
const APPLY = Symbol('apply');

/** on/off/once/emit; a throwing listener is reported on the console and does not stop the others. */
class Emitter {
  #listeners = new Map();

  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return this;
  }

  addListener(event, listener) { return this.on(event, listener); }

  once(event, listener) {
    const wrapper = (...args) => { this.off(event, wrapper); listener(...args); };
    return this.on(event, wrapper);
  }

  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  removeListener(event, listener) { return this.off(event, listener); }

  removeAllListeners(event) {
    if (event === undefined) this.#listeners.clear(); else this.#listeners.delete(event);
    return this;
  }

  emit(event, ...args) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (err) {
        console.error(`edgeway-rtk: a '${event}' listener threw`, err);
      }
    }
  }
}

// --- participants ------------------------------------------------------------------------------

/**
 * Someone else in the meeting. Its fields change as the server reports; it emits audioUpdate, videoUpdate
 * and screenShareUpdate.
 */
export class RemoteParticipant extends Emitter {
  #session;

  constructor(session, data) {
    super();
    this.#session = session;
    this.id = data.id;
    this.screenShareTracks = { audio: undefined, video: undefined };
    this.audioTrack = undefined;
    this.videoTrack = undefined;
    this[APPLY](data);
  }

  [APPLY](data) {
    this.name = data.name ?? this.name ?? '';
    this.picture = data.picture ?? this.picture ?? null;
    this.customParticipantId = data.customParticipantId ?? this.customParticipantId ?? null;
    this.presetName = data.presetName ?? this.presetName ?? null;
    this.audioEnabled = data.audioEnabled ?? this.audioEnabled ?? false;
    this.videoEnabled = data.videoEnabled ?? this.videoEnabled ?? false;
    this.screenShareEnabled = data.screenShareEnabled ?? this.screenShareEnabled ?? false;
    this.isPinned = data.isPinned ?? this.isPinned ?? false;
  }

  /** Removes this participant from the meeting (needs the kickParticipant permission). */
  kick() {
    return this.#session.kick(this.id);
  }

  /**
   * Shows the participant's video in `videoElem` (kept attached as its slot changes) and tells the server
   * the element's height, so it sends the layer that fills it and no more.
   */
  registerVideoElement(videoElem) { this.#session.registerVideoElement(this, videoElem); }

  deregisterVideoElement(videoElem) { this.#session.deregisterVideoElement(this, videoElem); }

  // Host controls (issue #15): pinning and turning this participant's media off. A pinned participant's
  // video also comes first, on stage, for everyone (the pins go into each page's view).
  /** Pins this participant for everyone (needs pinParticipant); emits pinned. */
  pin() { return this.#session.pin(this.id, true); }
  unpin() { return this.#session.pin(this.id, false); }
  /** Turns this participant's microphone off (needs canDisableParticipantAudio); it may turn it on again. */
  disableAudio() { return this.#session.disableMedia('audio', this.id); }
  disableVideo() { return this.#session.disableMedia('video', this.id); }
}

/**
 * A map of participants by id, as RealtimeKit's: size(), get(id), has(id), toArray(), keys(), values(),
 * forEach, and Map-style iteration over [id, participant]. Emits participantJoined (participant) and
 * participantLeft (participant, { reason }: docs/SIGNALING.md's leave reasons), and re-emits each
 * member's audioUpdate, videoUpdate and screenShareUpdate with
 * the participant as argument.
 */
export class ParticipantMap extends Emitter {
  #map = new Map();
  #forwarders = new Map();

  size() { return this.#map.size; }
  get(id) { return this.#map.get(id); }
  has(id) { return this.#map.has(id); }
  toArray() { return [...this.#map.values()]; }
  keys() { return this.#map.keys(); }
  values() { return this.#map.values(); }
  entries() { return this.#map.entries(); }
  forEach(fn, thisArg) { this.#map.forEach((p, id) => fn.call(thisArg, p, id, this)); }
  [Symbol.iterator]() { return this.#map.entries(); }

  [ADD](participant, announce) {
    this.#map.set(participant.id, participant);
    const forwarders = {};
    for (const event of ['audioUpdate', 'videoUpdate', 'screenShareUpdate']) {
      forwarders[event] = () => this.emit(event, participant);
      participant.on(event, forwarders[event]);
    }
    this.#forwarders.set(participant.id, forwarders);
    if (announce) this.emit('participantJoined', participant);
  }

  [REMOVE](id, announce, reason) {
    const participant = this.#map.get(id);
    if (!participant) return undefined;
    this.#map.delete(id);
    for (const [event, fn] of Object.entries(this.#forwarders.get(id) ?? {})) participant.off(event, fn);
    this.#forwarders.delete(id);
    if (announce) this.emit('participantLeft', participant, { reason });
    return participant;
  }

  [CLEAR]() {
    for (const id of [...this.#map.keys()]) this[REMOVE](id, false);
  }
}

/**
 * meeting.participants: the joined map, the active map (the participants whose video this page receives
 * now: the server sends at most maxActiveParticipantsCount, the pinned and the latest speakers first), the
 * pinned map, the view mode (ACTIVE_GRID: the server picks by speech; PAGINATED: pages of the joined list;
 * MANUAL: only pinned and registered participants), the last active speaker and the activeSpeaker event;
 * the waiting room (waitlisted, filled for participants with acceptWaitingRequests). Emits viewModeChanged
 * and pageChanged ({ viewMode, currentPage, pageCount }).
 */
class Participants extends Emitter {
  #session;

  constructor(session) {
    super();
    this.#session = session;
    /** Everyone in the meeting except self: the meeting has joined.size() + 1 people. */
    this.joined = new ParticipantMap();
    /** The participants whose video is received now (they occupy this page's video slots). */
    this.active = new ParticipantMap();
    /** Those in the waiting room (seen by participants whose preset has acceptWaitingRequests). */
    this.waitlisted = new ParticipantMap();
    /** The pinned participants of joined (self is pinned when self.isPinned). */
    this.pinned = new ParticipantMap();
    this.lastActiveSpeaker = null;
  }

  get viewMode() { return this.#session.view.mode; }
  get currentPage() { return this.#session.view.page; }
  get pageCount() { return Math.max(1, Math.ceil(this.joined.size() / this.maxActiveParticipantsCount)); }

  /** How many videos this page receives at most (the server's video slots unless set lower). */
  get maxActiveParticipantsCount() { return this.#session.maxActive(); }

  setMaxActiveParticipantsCount(limit) { this.#session.setView({ maxActive: Math.max(0, Math.floor(limit)) }); }

  /** ACTIVE_GRID (the server shows the latest speakers), PAGINATED (pages of the joined list) or MANUAL. */
  async setViewMode(viewMode) {
    if (!['ACTIVE_GRID', 'PAGINATED', 'MANUAL'].includes(viewMode)) {
      throw new EdgewayError('invalid_view_mode', `unknown view mode ${viewMode}`);
    }
    this.#session.setView({ mode: viewMode, page: 0 });
    this.emit('viewModeChanged', { viewMode, currentPage: 0, pageCount: this.pageCount });
  }

  /** The page of the joined list to show (PAGINATED), from 0. */
  async setPage(page) {
    const last = this.pageCount - 1;
    const to = Math.min(Math.max(0, Math.floor(page)), last);
    this.#session.setView({ page: to });
    this.emit('pageChanged', { viewMode: this.viewMode, currentPage: to, pageCount: this.pageCount });
  }

  /** The ids of the participants on the current page (PAGINATED: by join order). */
  getPeerIdsForCurrentPage() {
    const size = this.maxActiveParticipantsCount;
    return [...this.joined.keys()].slice(this.currentPage * size, (this.currentPage + 1) * size);
  }

  /** Removes a participant from the meeting (needs the kickParticipant permission). */
  kick(participantId) {
    return this.#session.kick(participantId);
  }

  // The waiting room (issue #15): RealtimeKit's names; resolve once the server moved them.
  acceptWaitingRoomRequest(id) { return this.#session.decideWaiting(true, [id]); }
  acceptAllWaitingRoomRequest(userIds) {
    return this.#session.decideWaiting(true, userIds ?? [...this.waitlisted.keys()]);
  }
  rejectWaitingRoomRequest(id) { return this.#session.decideWaiting(false, [id]); }

  // Host controls (issue #15).
  /** Turns everyone else's microphone off (needs canDisableParticipantAudio). */
  disableAllAudio() { return this.#session.disableMedia('audio', null); }
  disableAllVideo() { return this.#session.disableMedia('video', null); }
}

// --- self --------------------------------------------------------------------------------------

/**
 * The local participant. Fields are filled by roomJoined; media methods return promises that reject
 * with an EdgewayError (code publish_not_permitted when the preset forbids the kind). Emits roomJoined,
 * roomLeft ({ state }), audioUpdate ({ audioEnabled, audioTrack }), videoUpdate ({ videoEnabled,
 * videoTrack }), screenShareUpdate ({ screenShareEnabled, screenShareTracks }), mediaPermissionError
 * ({ kind, message }) and deviceListUpdate ({ added, removed, devices }).
 */
class Self extends Emitter {
  #session;

  constructor(session) {
    super();
    this.#session = session;
    this.id = null;
    this.name = '';
    this.picture = null;
    this.customParticipantId = null;
    this.presetName = null;
    this.permissions = { ...OPEN_PERMISSIONS };
    this.audioEnabled = false;
    this.videoEnabled = false;
    this.screenShareEnabled = false;
    this.audioTrack = undefined;
    this.videoTrack = undefined;
    this.screenShareTracks = { audio: undefined, video: undefined };
    this.roomJoined = false;
    /** init | waitlisted | joined | left | kicked | ended | rejected | disconnected | failed */
    this.roomState = 'init';
    /** none | waiting | accepted | rejected: where this participant stands with the waiting room. */
    this.waitlistStatus = 'none';
    /** A hidden participant (hiddenParticipant): nobody else sees it; it publishes nothing. */
    this.hidden = false;
    this.isPinned = false;
  }

  /** Pins self for everyone (needs pinParticipant); emits pinned. */
  pin() { return this.#session.pin(this.id, true); }
  unpin() { return this.#session.pin(this.id, false); }

  enableAudio() { return this.#session.setMedia('audio', true); }
  disableAudio() { return this.#session.setMedia('audio', false); }
  enableVideo() { return this.#session.setMedia('video', true); }
  disableVideo() { return this.#session.setMedia('video', false); }
  enableScreenShare() { return this.#session.setMedia('screenShare', true); }
  disableScreenShare() { return this.#session.setMedia('screenShare', false); }

  /** Every media device the browser lists (navigator.mediaDevices.enumerateDevices()). */
  getAllDevices() { return navigator.mediaDevices.enumerateDevices(); }
  async getAudioDevices() { return (await this.getAllDevices()).filter((d) => d.kind === 'audioinput'); }
  async getVideoDevices() { return (await this.getAllDevices()).filter((d) => d.kind === 'videoinput'); }
  async getSpeakerDevices() { return (await this.getAllDevices()).filter((d) => d.kind === 'audiooutput'); }

  /** Switches the microphone or camera to `device` (one of getAllDevices()). */
  setDevice(device) { return this.#session.setDevice(device); }
}

// --- chat, meta, recording ---------------------------------------------------------------------

/**
 * meeting.chat: messages (oldest first, history included) and sendTextMessage; emits chatUpdate
 * ({ message, messages }).
 */
class Chat extends Emitter {
  #session;

  constructor(session) {
    super();
    this.#session = session;
    this.messages = [];
  }

  /**
   * Sends a text message; resolves once the server has broadcast it, rejects with the server's code. With
   * peerIds, a private message to those participants alone (needs canSendPrivateChat; not kept in history).
   */
  sendTextMessage(text, peerIds) {
    return this.#session.sendChat(text, peerIds);
  }
}

/**
 * meeting.polls (issue #15): items (every poll this participant may see, oldest first: { id, question, options:
 * [{ text, count, votes: [{ id, name }] }], anonymous, hideVotes, createdBy, createdByUserId, voted }),
 * create(question, options, anonymous, hideVotes) and vote(id, index); emits pollsUpdate ({ polls, newPoll }).
 */
class Polls extends Emitter {
  #session;

  constructor(session) {
    super();
    this.#session = session;
    this.items = [];
  }

  /** Creates a poll (needs polls.canCreate); resolves once the server has shown it. */
  create(question, options, anonymous = false, hideVotes = false) {
    return this.#session.createPoll(question, options, anonymous, hideVotes);
  }

  /** Votes for option `index` (from 0) of poll `id` (needs polls.canVote); once per poll. */
  vote(id, index) {
    return this.#session.votePoll(id, index);
  }
}

/** meeting.meta: what the server said about the meeting at roomJoined. */
class Meta extends Emitter {
  constructor() {
    super();
    this.meetingId = null;
    this.meetingTitle = null;
    this.sessionId = null;
  }
}

/** meeting.recording: start()/stop(), refused with recording_not_permitted or recording_unavailable. */
class Recording extends Emitter {
  #session;

  constructor(session) {
    super();
    this.#session = session;
  }

  start() { return this.#session.recording('start'); }
  stop() { return this.#session.recording('stop'); }
}

// --- the session: WebSocket, peer connection, negotiation ---------------------------------------

/** The chat message shape RealtimeKit apps read (type, message, userId, displayName, time), plus Edgeway's fields. */
function chatMessage(m) {
  const message = {
    id: m.id,
    type: 'text',
    message: m.text,
    text: m.text,
    participantId: m.participantId,
    userId: m.participantId,
    displayName: m.displayName,
    time: new Date(m.time),
  };
  if (m.targetUserIds) message.targetUserIds = m.targetUserIds;
  return message;
}

/** The server's permissions; a server that sends none (open sessions) allows what open sessions allow. */
function permissionsOf(p) {
  return { ...OPEN_PERMISSIONS, ...p };
}

/** The WebSocket URL of the server at baseURI: ws(s)://host/ws. */
function socketUrl(baseURI) {
  const base = new URL(/^[a-z]+:\/\//i.test(baseURI) ? baseURI : `https://${baseURI}`);
  const scheme = base.protocol === 'http:' || base.protocol === 'ws:' ? 'ws:' : 'wss:';
  return `${scheme}//${base.host}/ws`;
}

/**
 * Calls waiting for the server: each is settled by the broadcast that confirms it, or rejected by the
 * first error with a code it expects (the server's errors do not say which message they answer, so the
 * oldest waiting call that expects the code gets it), or after REQUEST_TIMEOUT_MS.
 */
class PendingRequests {
  #waiting = [];

  /** Calls send() and waits; `fields` describe the call to match(), `codes` the errors that refuse it. */
  add(fields, codes, send, what) {
    return new Promise((resolve, reject) => {
      const request = { ...fields, codes, resolve, reject };
      request.timer = setTimeout(() => {
        this.#take(request);
        reject(new EdgewayError('timeout', `no answer from the server to ${what}`));
      }, REQUEST_TIMEOUT_MS);
      this.#waiting.push(request);
      send();
    });
  }

  /** Resolves the oldest call that `match` accepts; true if there was one. */
  settle(match) {
    const request = this.#waiting.find(match);
    if (!request) return false;
    this.#take(request).resolve();
    return true;
  }

  /** Rejects the oldest call that expects `code`; true if there was one. */
  refuse(code, message) {
    const request = this.#waiting.find((r) => r.codes.includes(code));
    if (!request) return false;
    this.#take(request).reject(new EdgewayError(code, message));
    return true;
  }

  rejectAll(error) {
    for (const request of [...this.#waiting]) this.#take(request).reject(error);
  }

  #take(request) {
    const i = this.#waiting.indexOf(request);
    if (i >= 0) this.#waiting.splice(i, 1);
    clearTimeout(request.timer);
    return request;
  }
}

/**
 * The RTCPeerConnection to the SFU and its offer/answer exchange (docs/SIGNALING.md, "Negotiation"):
 * we offer first, at most one exchange runs at a time (an offer asked for meanwhile goes out when it
 * completes), and on glare we are the polite peer. Remote tracks go to onTrack.
 */
class Negotiation {
  constructor({ iceServers, iceTransportPolicy }, send, log, onTrack) {
    this.send = send;
    this.log = log;
    this.offerWanted = false;
    const config = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
    if (iceServers) config.iceServers = iceServers;
    if (iceTransportPolicy) config.iceTransportPolicy = iceTransportPolicy;
    const pc = new RTCPeerConnection(config);
    this.pc = pc;
    pc.ontrack = onTrack;
    pc.onconnectionstatechange = () => log(`media connection ${pc.connectionState}`);
    pc.onicecandidate = (e) => { if (e.candidate) log(`local candidate ${e.candidate.type} ${e.candidate.protocol}`); };
    // A TURN server that refuses the credentials, or cannot be reached, shows up here.
    pc.onicecandidateerror = (e) => log(`ICE server ${e.url}: ${e.errorCode} ${e.errorText}`);
  }

  addTransceiver(trackOrKind, init) {
    return this.pc.addTransceiver(trackOrKind, init);
  }

  async offer() {
    if (this.pc.signalingState !== 'stable') {
      // An exchange is under way: offer when it completes.
      this.offerWanted = true;
      return;
    }
    this.offerWanted = false;
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.log('sent offer');
    this.send({ type: 'offer', sdp: this.pc.localDescription.sdp });
  }

  async onAnswer(sdp) {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    if (this.offerWanted) await this.offer();
  }

  async onOffer(sdp) {
    if (this.pc.signalingState === 'have-local-offer') {
      // Glare: the server will refuse our offer (negotiation_glare) and never rolls back, so we do,
      // answer its offer, and offer again when its refusal arrives.
      this.log('glare: rolling back our offer');
      await this.pc.setLocalDescription({ type: 'rollback' });
    }
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.send({ type: 'answer', sdp: this.pc.localDescription.sdp });
    this.log('answered the server\'s offer');
    if (this.offerWanted) await this.offer();
  }

  /** negotiation_glare: the server's offer came first and has been answered by now, so offer ours again. */
  onGlare() {
    return this.offer();
  }

  close() {
    this.pc.close();
  }
}

/**
 * Everything stateful of one meeting object: the WebSocket and the queue of server messages, the
 * {@link Negotiation}, the local tracks and the {@link PendingRequests}.
 */
class Session {
  constructor(meeting, options) {
    this.meeting = meeting;
    this.options = options;
    this.url = socketUrl(options.baseURI ?? new URL(import.meta.url).origin);
    this.log = typeof options.log === 'function' ? options.log : () => {};
    this.wanted = { audio: options.defaults?.audio !== false, video: options.defaults?.video !== false };
    this.reset();
    if (navigator.mediaDevices?.addEventListener) {
      this.devices = null;
      navigator.mediaDevices.addEventListener('devicechange', () => this.devicesChanged());
    }
  }

  reset() {
    this.ws = null;
    this.negotiation = null;
    this.queue = Promise.resolve();
    this.pending = new PendingRequests();
    this.joining = null;
    this.joined = false;
    this.transceivers = { audio: null, video: null, screenShare: null };
    this.localStream = null;
    this.pendingTracks = new Map();
    /** The server's slots by mid: { kind, track, participantId, screenShare, height }. */
    this.slots = new Map();
    this.view = { mode: 'ACTIVE_GRID', page: 0, maxActive: 0 };
    /** The last view sent (its JSON) and whether one is about to be. */
    this.lastView = null;
    this.viewQueued = false;
    /** Registered video elements by participant id. */
    this.videoElements = new Map();
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  // --- joining and leaving ---------------------------------------------------------------------

  join() {
    if (this.joined) return Promise.resolve();
    if (this.joining) return this.joining.promise;
    const joining = {};
    joining.promise = new Promise((resolve, reject) => { joining.resolve = resolve; joining.reject = reject; });
    joining.timer = setTimeout(() => {
      if (this.joining === joining) this.failJoin(new EdgewayError('timeout', `no answer to join from ${this.url}`));
    }, JOIN_TIMEOUT_MS);
    joining.promise.then(() => clearTimeout(joining.timer), () => clearTimeout(joining.timer));
    this.joining = joining;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      const { authToken, openSession } = this.options;
      this.log(`connected to ${this.url}`);
      this.send(authToken ? { type: 'join', token: authToken }
        : { type: 'join', meeting: openSession.meeting, name: openSession.name });
    };
    ws.onmessage = (event) => {
      // A connection left behind by leave() (its last messages may still arrive) no longer counts.
      if (this.ws !== ws) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (err) {
        this.log(`unreadable message: ${err}`);
        return;
      }
      this.queue = this.queue.then(() => (this.ws === ws ? this.onMessage(message) : undefined)).catch((err) => {
        this.log(`handling ${message.type}: ${err}`);
        this.meeting.emit('error', { code: 'client_error', message: String(err) });
      });
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.log(`connection closed (${event.code})`);
      if (this.joining) this.failJoin(new EdgewayError('connection_failed', `cannot connect to ${this.url}`));
      else if (this.joined) this.ended('disconnected');
    };
    return joining.promise;
  }

  failJoin(error) {
    const joining = this.joining;
    this.teardown();
    joining?.reject(error);
  }

  leave() {
    if (!this.joined && !this.joining) return Promise.resolve();
    if (this.joining) {
      this.send({ type: 'leave' });   // out of the waiting room, if there
      this.failJoin(new EdgewayError('left', 'left before the join completed'));
      return Promise.resolve();
    }
    this.send({ type: 'leave' });
    this.ended('left');
    return Promise.resolve();
  }

  /** The room is over for this participant: state is left, kicked, ended, disconnected or failed. */
  ended(state) {
    if (!this.joined) return;
    this.teardown();
    const self = this.meeting.self;
    self.roomJoined = false;
    self.roomState = state;
    this.meeting.participants.joined[CLEAR]();
    this.meeting.participants.waitlisted[CLEAR]();
    this.meeting.participants.pinned[CLEAR]();
    this.meeting.polls.items = [];
    self.emit('roomLeft', { state });
    this.meeting.emit('roomLeft', { state });
  }

  teardown() {
    const { ws, negotiation } = this;
    this.pending.rejectAll(new EdgewayError('not_joined', 'the meeting connection ended'));
    for (const kind of ['audio', 'video', 'screenShare']) this.dropLocalTrack(kind);
    this.reset();
    // A leave is on the wire before the media connection's close_notify.
    setTimeout(() => {
      negotiation?.close();
      if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'left');
    }, 0);
  }

  // --- server messages -------------------------------------------------------------------------

  async onMessage(m) {
    const { self, participants, chat } = this.meeting;
    switch (m.type) {
      case 'roomJoined':
        await this.onRoomJoined(m);
        break;
      case 'participantJoined': {
        if (m.participant.id === self.id || participants.joined.has(m.participant.id)) break;
        const p = new RemoteParticipant(this, m.participant);
        participants.joined[ADD](p, true);
        this.attachPendingTracks(p);
        this.applySlots();
        break;
      }
      case 'participantLeft':
        participants.pinned[REMOVE](m.participantId, false);
        participants.joined[REMOVE](m.participantId, true, m.reason);
        participants.active[REMOVE](m.participantId, true, m.reason);
        participants.pinned[REMOVE](m.participantId, false);
        this.videoElements.delete(m.participantId);
        this.pendingTracks.delete(m.participantId);
        this.pending.settle((r) => r.kind === 'kick' && r.target === m.participantId);
        break;
      case 'audioUpdate':
      case 'videoUpdate':
      case 'screenShareUpdate':
        this.onMediaUpdate(m);
        break;
      case 'chatUpdate': {
        const message = chatMessage(m.message);
        chat.messages.push(message);
        chat.emit('chatUpdate', { message, messages: chat.messages });
        this.pending.settle((r) => r.kind === 'chat' && m.message.participantId === self.id
          && r.text === m.message.text && Boolean(r.private) === Boolean(m.message.targetUserIds));
        break;
      }
      case 'activeSpeaker': {
        const speaker = m.participantId === self.id ? self : participants.joined.get(m.participantId);
        if (!speaker) break;
        participants.lastActiveSpeaker = m.participantId;
        participants.emit('activeSpeaker', speaker);
        break;
      }
      case 'recordingUpdate':
        this.meeting.recording.recordingState = m.state;
        this.meeting.recording.emit('recordingUpdate', m.state);
        this.pending.settle((r) => r.kind === 'recording');
        break;
      case 'kicked':
        this.meeting.emit('kicked', { code: m.code, message: m.message });
        this.ended('kicked');
        break;
      case 'meetingEnded':
        this.meeting.emit('meetingEnded', { reason: m.reason });
        this.ended('ended');
        break;
      case 'slotsUpdate':
        this.onSlotsUpdate(m);
        break;
      case 'layers':
        await this.onLayers(m);
        break;
      case 'answer':
        await this.negotiation?.onAnswer(m.sdp);
        break;
      case 'offer':
        await this.negotiation?.onOffer(m.sdp);
        break;
      case 'error':
        await this.onError(m);
        break;
      default:
        if (!this.onModeration(m)) this.log(`ignored message ${m.type}`);
    }
  }

  async onRoomJoined(m) {
    const { self, participants, meta, chat } = this.meeting;
    Object.assign(self, {
      id: m.self.id,
      name: m.self.name ?? '',
      picture: m.self.picture ?? null,
      customParticipantId: m.self.customParticipantId ?? null,
      presetName: m.self.presetName ?? null,
      permissions: permissionsOf(m.self.permissions),
      roomJoined: true,
      roomState: 'joined',
    });
    Object.assign(meta, {
      meetingId: m.meeting?.id ?? null,
      meetingTitle: m.meeting?.title ?? null,
      sessionId: m.meeting?.sessionId ?? null,
    });
    for (const data of m.participants ?? []) participants.joined[ADD](new RemoteParticipant(this, data), false);
    chat.messages = (m.chat ?? []).map(chatMessage);
    this.roomJoinedModeration(m);

    const negotiation = new Negotiation(this.options, (message) => this.send(message), this.log,
      (e) => this.onTrack(e));
    this.negotiation = negotiation;
    await this.publishSections(negotiation);
    if (this.negotiation !== negotiation) return;   // left while the camera and microphone were being opened
    this.joined = true;
    const joining = this.joining;
    this.joining = null;
    await negotiation.offer();
    this.sendMediaState();
    if (this.view.mode !== 'ACTIVE_GRID' || this.meeting.participants.pinned.size() > 0 || this.view.maxActive > 0) {
      this.sendView();
    }
    this.log(`joined ${meta.meetingTitle} as ${self.name} (${self.id})`);
    self.emit('roomJoined');
    this.meeting.emit('roomJoined');
    joining?.resolve();
  }

  onMediaUpdate(m) {
    const kind = m.type === 'audioUpdate' ? 'audio' : m.type === 'videoUpdate' ? 'video' : 'screenShare';
    const field = `${kind}Enabled`;
    const enabled = m[field] === true;
    if (m.participantId === this.meeting.self.id) {
      // The server's echo of our mediaState confirms the request waiting for it.
      const confirmed = this.pending.settle((r) => r.kind === kind && r.enabled === enabled);
      if (!confirmed && !enabled && this.meeting.self[field]) {
        // The server turned our media off (not at our request): stop sending it.
        this.stopSending(kind).catch((err) => this.log(`stopping ${kind}: ${err}`));
      }
      return;
    }
    if (!enabled) {
      this.pending.settle((r) => r.kind === 'disable' && r.target === m.participantId && r.media === kind);
    }
    const p = this.meeting.participants.joined.get(m.participantId);
    if (!p || p[field] === enabled) return;
    p[field] = enabled;
    this.emitRemote(p, kind);
  }

  emitRemote(p, kind) {
    if (kind === 'audio') p.emit('audioUpdate', { audioEnabled: p.audioEnabled, audioTrack: p.audioTrack });
    if (kind === 'video') p.emit('videoUpdate', { videoEnabled: p.videoEnabled, videoTrack: p.videoTrack });
    if (kind === 'screenShare') {
      p.emit('screenShareUpdate', { screenShareEnabled: p.screenShareEnabled, screenShareTracks: p.screenShareTracks });
    }
  }

  async onError(m) {
    this.log(`error ${m.code}: ${m.message}`);
    if (this.joining) {
      // Refused before roomJoined: token_expired, token_reuse, session_full, meeting_inactive, ...
      this.failJoin(new EdgewayError(m.code, m.message));
      return;
    }
    if (m.code === 'negotiation_glare') {
      await this.negotiation?.onGlare();
      return;
    }
    if (this.pending.refuse(m.code, m.message)) return;
    this.meeting.emit('error', { code: m.code, message: m.message });
    if (FATAL_CODES.has(m.code)) this.ended('failed');
  }

  // --- calls that wait for the server ---------------------------------------------------------

  request(fields, codes, message) {
    if (!this.joined) return Promise.reject(new EdgewayError('not_joined', 'join the meeting first'));
    return this.pending.add(fields, codes, () => this.send(message), message.type);
  }

  sendChat(text, peerIds) {
    if (typeof text !== 'string' || text.length === 0) {
      return Promise.reject(new EdgewayError('invalid_message', 'a chat message is a non-empty string'));
    }
    if (peerIds?.length) return this.sendPrivateChat(text, peerIds);
    if (this.joined && !this.meeting.self.permissions.canSendChat) {
      return Promise.reject(new EdgewayError('chat_not_permitted', 'this participant\'s preset may not send chat'));
    }
    return this.request({ kind: 'chat', text }, CHAT_CODES, { type: 'chat', text });
  }

  kick(participantId) {
    if (this.joined && !this.meeting.self.permissions.kickParticipant) {
      return Promise.reject(new EdgewayError('kick_not_permitted', 'this participant\'s preset may not kick'));
    }
    return this.request({ kind: 'kick', target: participantId }, KICK_CODES, { type: 'kick', participantId });
  }

  recording(action) {
    if (this.joined && !this.meeting.self.permissions.canStartStopRecording) {
      return Promise.reject(new EdgewayError('recording_not_permitted',
        'this participant\'s preset may not start or stop recordings'));
    }
    return this.request({ kind: 'recording' }, RECORDING_CODES, { type: 'recording', action });
  }

  // --- waiting room, pins, host controls, private chat (issue #15) ---------------------------------

  /** Server messages of the waiting room and the pins; false when `m` is none of them. */
  onModeration(m) {
    const { self, participants } = this.meeting;
    switch (m.type) {
      case 'waitlisted':
        // Admitted, but into the waiting room: join() stays pending, without its timeout, until roomJoined.
        if (this.joining) clearTimeout(this.joining.timer);
        Object.assign(self, { id: m.self.id, name: m.self.name ?? '', presetName: m.self.presetName ?? null,
          customParticipantId: m.self.customParticipantId ?? null, permissions: permissionsOf(m.self.permissions),
          roomState: 'waitlisted', waitlistStatus: 'waiting' });
        self.emit('waitlisted');
        return true;
      case 'waitlistRejected': {
        self.waitlistStatus = 'rejected';
        self.roomState = 'rejected';
        this.failJoin(new EdgewayError(m.code, m.message));
        self.emit('roomLeft', { state: 'rejected' });
        this.meeting.emit('roomLeft', { state: 'rejected' });
        return true;
      }
      case 'waitlistedParticipantJoined':
        participants.waitlisted[ADD](new RemoteParticipant(this, m.participant), true);
        return true;
      case 'waitlistedParticipantLeft':
        participants.waitlisted[REMOVE](m.participantId, true, m.reason);
        this.pending.settle((r) => r.kind === 'waiting' && r.ids.includes(m.participantId)
          && r.ids.every((id) => !participants.waitlisted.has(id)));
        return true;
      case 'pinned':
      case 'unpinned':
        this.onPin(m.participantId, m.type === 'pinned');
        return true;
      case 'pollsUpdate': {
        const polls = this.meeting.polls;
        polls.items = m.polls ?? [];
        if (m.newPoll) {
          const mine = polls.items.filter((p) => p.createdByUserId === self.id).map((p) => p.question);
          this.pending.settle((r) => r.kind === 'createPoll' && mine.includes(r.question));
        }
        this.pending.settle((r) => r.kind === 'vote' && polls.items.some((p) => p.id === r.id && p.voted.includes(self.id)));
        polls.emit('pollsUpdate', { polls: polls.items, newPoll: m.newPoll === true });
        return true;
      }
      default:
        return false;
    }
  }

  /** roomJoined's share: those waiting (for hosts), who is pinned, whether self is hidden. */
  roomJoinedModeration(m) {
    const { self, participants } = this.meeting;
    if (self.waitlistStatus === 'waiting') self.waitlistStatus = 'accepted';
    self.hidden = m.self.hidden === true;
    self.isPinned = m.self.isPinned === true;
    for (const data of m.waitlisted ?? []) participants.waitlisted[ADD](new RemoteParticipant(this, data), false);
    for (const p of participants.joined.values()) if (p.isPinned) participants.pinned[ADD](p, false);
    this.meeting.polls.items = m.polls ?? [];
  }

  onPin(id, pinned) {
    const { self, participants } = this.meeting;
    this.pending.settle((r) => r.kind === 'pin' && r.target === id && r.pin === pinned);
    const who = id === self.id ? self : participants.joined.get(id);
    if (!who || who.isPinned === pinned) return;
    who.isPinned = pinned;
    if (who !== self) {
      if (pinned) participants.pinned[ADD](who, true); else participants.pinned[REMOVE](id, true);
      // A pinned participant goes first and on stage in this page's video slots.
      this.sendView();
    }
    who.emit(pinned ? 'pinned' : 'unpinned', who);
  }

  decideWaiting(accept, ids) {
    if (this.joined && !this.meeting.self.permissions.acceptWaitingRequests) {
      return Promise.reject(new EdgewayError('waiting_room_not_permitted',
        'this participant\'s preset may not admit or reject participants'));
    }
    if (!ids.length) return Promise.resolve();
    const type = accept ? 'acceptWaitingRoomRequest' : 'rejectWaitingRoomRequest';
    return this.request({ kind: 'waiting', ids }, WAITING_ROOM_CODES, { type, participantIds: ids });
  }

  pin(participantId, pin) {
    if (this.joined && !this.meeting.self.permissions.pinParticipant) {
      return Promise.reject(new EdgewayError('pin_not_permitted', 'this participant\'s preset may not pin'));
    }
    return this.request({ kind: 'pin', target: participantId, pin }, PIN_CODES,
      { type: pin ? 'pin' : 'unpin', participantId });
  }

  /** Turns one participant's (or, with participantId null, everyone else's) audio or video off. */
  disableMedia(kind, participantId) {
    const p = this.meeting.self.permissions;
    if (this.joined && !(kind === 'audio' ? p.canDisableParticipantAudio : p.canDisableParticipantVideo)) {
      return Promise.reject(new EdgewayError('disable_not_permitted',
        `this participant's preset may not turn off others' ${kind}`));
    }
    const type = `disable${participantId ? '' : 'All'}${kind === 'audio' ? 'Audio' : 'Video'}`;
    if (!participantId) {
      // Nobody may be on: no update would confirm it. Refusals still arrive as meeting 'error' events.
      if (!this.joined) return Promise.reject(new EdgewayError('not_joined', 'join the meeting first'));
      this.send({ type });
      return Promise.resolve();
    }
    return this.request({ kind: 'disable', target: participantId, media: kind }, DISABLE_CODES,
      { type, participantId });
  }

  createPoll(question, options, anonymous, hideVotes) {
    const p = this.meeting.self.permissions.polls ?? {};
    if (this.joined && !p.canCreate) {
      return Promise.reject(new EdgewayError('poll_not_permitted', 'this participant\'s preset may not create polls'));
    }
    const message = { type: 'createPoll', question, options, anonymous, hideVotes };
    if (this.joined && !p.canView) {   // no pollsUpdate will come back to confirm it
      this.send(message);
      return Promise.resolve();
    }
    return this.request({ kind: 'createPoll', question }, POLL_CODES, message);
  }

  votePoll(id, index) {
    const p = this.meeting.self.permissions.polls ?? {};
    if (this.joined && !p.canVote) {
      return Promise.reject(new EdgewayError('poll_not_permitted', 'this participant\'s preset may not vote in polls'));
    }
    const message = { type: 'votePoll', pollId: id, index };
    if (this.joined && !p.canView) {
      this.send(message);
      return Promise.resolve();
    }
    return this.request({ kind: 'vote', id }, POLL_CODES, message);
  }

  sendPrivateChat(text, peerIds) {
    if (this.joined && !this.meeting.self.permissions.canSendPrivateChat) {
      return Promise.reject(new EdgewayError('chat_not_permitted',
        'this participant\'s preset may not send private messages'));
    }
    return this.request({ kind: 'chat', text, private: true }, CHAT_CODES, { type: 'chat', text, peerIds });
  }

  // --- local media -----------------------------------------------------------------------------

  permitted(kind) {
    const p = this.meeting.self.permissions;
    return kind === 'audio' ? p.canProduceAudio : kind === 'video' ? p.canProduceVideo : p.canProduceScreenshare;
  }

  /** enableAudio() and friends: capture, send, tell the server, wait for its echo. */
  async setMedia(kind, enabled) {
    const self = this.meeting.self;
    const field = `${kind}Enabled`;
    if (enabled && this.joined && !this.permitted(kind)) {
      throw new EdgewayError('publish_not_permitted', `this participant's preset may not publish ${kind}`);
    }
    if (!this.joined && kind === 'screenShare') {
      throw new EdgewayError('not_joined', 'join the meeting before sharing the screen');
    }
    if (!this.joined) {
      // Before join: remember the wish (and preview the track); roomJoined applies it with the permissions.
      this.wanted[kind] = enabled;
      if (enabled && !self[field]) await this.capture(kind);
      if (!enabled) this.dropLocalTrack(kind);
      this.emitSelf(kind);
      return;
    }
    if (self[field] === enabled) return;
    if (enabled) {
      await this.capture(kind);
      await this.startSending(kind);
    } else {
      await this.stopSending(kind);
    }
    try {
      await this.request({ kind, enabled }, MEDIA_CODES, { type: 'mediaState', [kind]: enabled });
    } catch (err) {
      if (enabled && err.code === 'publish_not_permitted') await this.stopSending(kind);
      throw err;
    }
  }

  /** Gets the local track of `kind` (getUserMedia, or getDisplayMedia for screenShare) and marks it enabled. */
  async capture(kind) {
    const self = this.meeting.self;
    let track;
    try {
      if (kind === 'screenShare') {
        const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
        track = stream.getVideoTracks()[0];
        // The browser's own "stop sharing" button ends the track.
        track.addEventListener('ended', () => {
          if (self.screenShareTracks.video === track) this.setMedia('screenShare', false).catch(() => {});
        });
      } else {
        const constraints = kind === 'audio' ? { audio: this.deviceConstraint('audio') }
          : { video: this.deviceConstraint('video') };
        track = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
      }
    } catch (err) {
      self.emit('mediaPermissionError', { kind, message: String(err) });
      throw new EdgewayError('media_unavailable', `${kind}: ${err.message ?? err}`);
    }
    this.setLocalTrack(kind, track);
  }

  /**
   * getUserMedia's constraint for the microphone or camera: the device chosen with setDevice, and for the
   * camera the size of defaults.mediaConfiguration.video (RealtimeKit's { width: { ideal }, height: { ideal },
   * frameRate: { ideal } }), else 640x360. The simulcast layers are fractions of what the camera gives.
   */
  deviceConstraint(kind) {
    const id = this.deviceIds?.[kind];
    const device = id ? { deviceId: { exact: id } } : {};
    if (kind !== 'video') return id ? device : true;
    const { width, height, frameRate } = this.options.defaults?.mediaConfiguration?.video ?? {};
    return { width: width ?? 640, height: height ?? 360, ...(frameRate ? { frameRate } : {}), ...device };
  }

  setLocalTrack(kind, track) {
    const self = this.meeting.self;
    if (kind === 'audio') self.audioTrack = track;
    if (kind === 'video') self.videoTrack = track;
    if (kind === 'screenShare') self.screenShareTracks = { audio: undefined, video: track };
    self[`${kind}Enabled`] = Boolean(track);
  }

  dropLocalTrack(kind) {
    this.localTrack(kind)?.stop();
    this.setLocalTrack(kind, undefined);
  }

  emitSelf(kind) {
    const self = this.meeting.self;
    if (kind === 'audio') self.emit('audioUpdate', { audioEnabled: self.audioEnabled, audioTrack: self.audioTrack });
    if (kind === 'video') self.emit('videoUpdate', { videoEnabled: self.videoEnabled, videoTrack: self.videoTrack });
    if (kind === 'screenShare') {
      self.emit('screenShareUpdate',
        { screenShareEnabled: self.screenShareEnabled, screenShareTracks: self.screenShareTracks });
    }
  }

  localTrack(kind) {
    const self = this.meeting.self;
    return kind === 'audio' ? self.audioTrack : kind === 'video' ? self.videoTrack : self.screenShareTracks.video;
  }

  async startSending(kind) {
    const track = this.localTrack(kind);
    const transceiver = this.transceivers[kind];
    if (transceiver) {
      await transceiver.sender.replaceTrack(track);
    } else {
      // The first screen share adds its sending section: a re-offer.
      this.transceivers[kind] = this.negotiation.addTransceiver(track,
        { direction: 'sendonly', streams: [this.localStream] });
      await this.negotiation.offer();
    }
    this.emitSelf(kind);
  }

  async stopSending(kind) {
    await this.transceivers[kind]?.sender.replaceTrack(null);
    this.dropLocalTrack(kind);
    this.emitSelf(kind);
  }

  sendMediaState() {
    const self = this.meeting.self;
    const state = {};
    for (const kind of ['audio', 'video']) if (this.permitted(kind)) state[kind] = self[`${kind}Enabled`];
    if (Object.keys(state).length > 0) this.send({ type: 'mediaState', ...state });
  }

  async setDevice(device) {
    const kind = device.kind === 'audioinput' ? 'audio' : device.kind === 'videoinput' ? 'video' : null;
    if (!kind) throw new EdgewayError('invalid_device', `cannot switch to a ${device.kind}`);
    this.deviceIds = { ...this.deviceIds, [kind]: device.deviceId };
    if (!this.meeting.self[`${kind}Enabled`]) return;
    const old = this.localTrack(kind);
    await this.capture(kind);
    await this.transceivers[kind]?.sender.replaceTrack(this.localTrack(kind));
    old?.stop();
    this.emitSelf(kind);
  }

  async devicesChanged() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const before = this.devices ?? devices;
    const key = (d) => `${d.kind}:${d.deviceId}`;
    const had = new Set(before.map(key));
    const has = new Set(devices.map(key));
    this.devices = devices;
    this.meeting.self.emit('deviceListUpdate', {
      added: devices.filter((d) => !had.has(key(d))),
      removed: before.filter((d) => !has.has(key(d))),
      devices,
    });
  }

  // --- sections and remote tracks -------------------------------------------------------------

  /**
   * One section per kind: sending (with the captured track, or none yet, which still signals its SSRCs so
   * that enabling later needs no renegotiation) when the preset allows the kind, receive-only otherwise.
   */
  async publishSections(negotiation) {
    const self = this.meeting.self;
    this.localStream = new MediaStream();
    for (const kind of ['audio', 'video']) {
      if (!this.permitted(kind)) {
        this.dropLocalTrack(kind);
        this.wanted[kind] = false;
        negotiation.addTransceiver(kind, { direction: 'recvonly' });
        continue;
      }
      if (this.wanted[kind] && !this.localTrack(kind)) {
        try {
          await this.capture(kind);
        } catch (err) {
          this.log(`${kind}: ${err.message}`);
        }
        if (this.negotiation !== negotiation) {
          this.dropLocalTrack(kind);
          return;
        }
      }
      if (!this.wanted[kind]) this.dropLocalTrack(kind);
      const track = this.localTrack(kind) ?? kind;
      const init = { direction: 'sendrecv', streams: [this.localStream] };
      if (kind === 'video' && this.options.defaults?.simulcast !== false) {
        // Three layers of the camera (RFC 8853 simulcast): the server sends each subscriber the one that
        // fits its bandwidth and tile, and asks us to pause those nobody receives.
        init.sendEncodings = SIMULCAST_ENCODINGS.map((e) => ({ ...e }));
      }
      this.transceivers[kind] = negotiation.addTransceiver(track, init);
      if (self[`${kind}Enabled`]) this.emitSelf(kind);
    }
  }

  /**
   * A remote track. On a server with slots (stream ids edgeway-audio-N / edgeway-video-N) it is one of
   * this page's slots, whose occupant slotsUpdate names; otherwise its stream id is the publisher's id.
   */
  onTrack(e) {
    const stream = e.streams[0];
    if (!stream) return;
    if (stream.id.startsWith('edgeway-audio-') || stream.id.startsWith('edgeway-video-')) {
      const mid = e.transceiver.mid;
      const slot = this.slots.get(mid) ?? { kind: e.track.kind, participantId: null, screenShare: false, height: 0 };
      slot.track = e.track;
      this.slots.set(mid, slot);
      this.applySlots();
      return;
    }
    const owner = stream.id;
    const p = this.meeting.participants.joined.get(owner);
    if (!p) {
      // The track came before participantJoined: keep it until then.
      if (!this.pendingTracks.has(owner)) this.pendingTracks.set(owner, []);
      this.pendingTracks.get(owner).push(e.track);
      return;
    }
    this.attachTrack(p, e.track);
  }

  attachPendingTracks(p) {
    for (const track of this.pendingTracks.get(p.id) ?? []) this.attachTrack(p, track);
    this.pendingTracks.delete(p.id);
  }

  // --- slots, view and layers (servers that forward through slots: docs/SIGNALING.md, "Slots") ---

  /** slotsUpdate: which participant each slot carries now. */
  onSlotsUpdate(m) {
    for (const [kind, list] of [['audio', m.audio ?? []], ['video', m.video ?? []]]) {
      for (const entry of list) {
        if (!entry.mid) continue;
        const slot = this.slots.get(entry.mid) ?? { kind, track: undefined };
        Object.assign(slot, { kind, participantId: entry.participantId ?? null,
          screenShare: entry.screenShare === true, height: entry.height ?? 0 });
        this.slots.set(entry.mid, slot);
      }
    }
    this.applySlots();
  }

  /**
   * Gives every participant the tracks of the slots that carry it (its audioTrack, videoTrack and screen
   * share), emitting an update for each that changed, and keeps participants.active in step.
   */
  applySlots() {
    const { participants } = this.meeting;
    const held = new Map();
    for (const slot of this.slots.values()) {
      if (!slot.participantId || !slot.track) continue;
      const tracks = held.get(slot.participantId) ?? {};
      const key = slot.kind === 'audio' ? 'audio' : slot.screenShare ? 'screenShare' : 'video';
      tracks[key] = slot.track;
      held.set(slot.participantId, tracks);
    }
    for (const p of participants.joined.values()) {
      const tracks = held.get(p.id) ?? {};
      if (p.audioTrack !== tracks.audio) {
        p.audioTrack = tracks.audio;
        this.emitRemote(p, 'audio');
      }
      if (p.videoTrack !== tracks.video) {
        p.videoTrack = tracks.video;
        this.emitRemote(p, 'video');
        this.attachRegistered(p);
      }
      if (p.screenShareTracks.video !== tracks.screenShare) {
        p.screenShareTracks = { audio: undefined, video: tracks.screenShare };
        this.emitRemote(p, 'screenShare');
      }
      const active = Boolean(tracks.video || tracks.screenShare);
      if (active && !participants.active.has(p.id)) participants.active[ADD](p, true);
      if (!active && participants.active.has(p.id)) participants.active[REMOVE](p.id, true, 'inactive');
    }
  }

  /** layers: the server asks us to send only some encodings of one of our sections (nobody uses the rest). */
  async onLayers(m) {
    const transceiver = Object.values(this.transceivers).find((t) => t && t.mid === m.mid);
    if (!transceiver) return;
    const params = transceiver.sender.getParameters();
    if (!params.encodings?.length) return;
    let changed = false;
    (m.encodings ?? []).forEach((wanted, i) => {
      const encoding = wanted.rid ? params.encodings.find((e) => e.rid === wanted.rid) : params.encodings[i];
      if (encoding && encoding.active !== wanted.active) {
        encoding.active = wanted.active;
        changed = true;
      }
    });
    if (changed) {
      await transceiver.sender.setParameters(params);
      this.log(`layers of mid ${m.mid}: ${(m.encodings ?? []).map((e) => `${e.rid ?? '-'}=${e.active}`).join(' ')}`);
    }
  }

  /** How many videos this page receives at most: the view's limit, else the server's video slots. */
  maxActive() {
    const slots = [...this.slots.values()].filter((s) => s.kind === 'video').length || 9;
    return this.view.maxActive > 0 ? Math.min(this.view.maxActive, slots) : slots;
  }

  registerVideoElement(p, element) {
    this.videoElements.set(p.id, element);
    this.attachRegistered(p);
    this.sendView();
  }

  deregisterVideoElement(p, element) {
    if (!element || this.videoElements.get(p.id) === element) this.videoElements.delete(p.id);
    this.sendView();
  }

  attachRegistered(p) {
    const element = this.videoElements.get(p.id);
    if (!element) return;
    const stream = p.videoTrack ? new MediaStream([p.videoTrack]) : null;
    if (element.srcObject?.getTracks()[0] !== p.videoTrack) element.srcObject = stream;
  }

  setView(changes) {
    Object.assign(this.view, changes);
    this.sendView();
  }

  /**
   * Tells the server what this page shows (docs/SIGNALING.md, "view"): the meeting's pinned participants
   * (participants.pinned), and in PAGINATED or MANUAL mode the participants on screen with their tile heights
   * (registered elements' heights, else 180 px); in ACTIVE_GRID mode the server chooses (a stage and
   * thumbnails). Changes made together (a page registering a page of tiles one by one, a stage passing from
   * one speaker to the next) go out as one message when the caller's synchronous work is done, and a view
   * the server already has is not sent again.
   */
  sendView() {
    if (!this.joined || this.viewQueued) return;
    this.viewQueued = true;
    queueMicrotask(() => {
      this.viewQueued = false;
      if (!this.joined) return;
      const message = this.viewMessage();
      const text = JSON.stringify(message);
      if (text === this.lastView) return;
      this.lastView = text;
      this.send(message);
    });
  }

  viewMessage() {
    const { participants } = this.meeting;
    const pinned = [...participants.pinned.keys()];
    const tiles = {};
    const height = (id) => Math.round(this.videoElements.get(id)?.clientHeight || 180);
    if (this.view.mode === 'PAGINATED') {
      for (const id of participants.getPeerIdsForCurrentPage()) tiles[id] = height(id);
    } else if (this.view.mode === 'MANUAL') {
      for (const id of new Set([...pinned, ...this.videoElements.keys()])) tiles[id] = height(id);
    }
    for (const id of pinned) tiles[id] = Math.max(tiles[id] ?? 0, height(id));
    const message = { type: 'view', pinned, lastN: this.view.maxActive };
    if (this.view.mode !== 'ACTIVE_GRID') message.tiles = tiles;
    return message;
  }

  /** Audio is the participant's audioTrack; its first video track its camera, a second one its screen share. */
  attachTrack(p, track) {
    if (track.kind === 'audio') {
      p.audioTrack = track;
      this.emitRemote(p, 'audio');
    } else if (!p.videoTrack || p.videoTrack.readyState === 'ended' || p.videoTrack.id === track.id) {
      p.videoTrack = track;
      this.emitRemote(p, 'video');
    } else {
      p.screenShareTracks = { audio: undefined, video: track };
      this.emitRemote(p, 'screenShare');
    }
  }
}

// --- the meeting -------------------------------------------------------------------------------

/**
 * What init() returns. Emits roomJoined, roomLeft ({ state }), kicked ({ code, message }), meetingEnded
 * ({ reason }) and error ({ code, message }) for server errors no pending call was waiting for.
 */
export class Meeting extends Emitter {
  #session;

  constructor(options) {
    super();
    this.#session = new Session(this, options);
    this.self = new Self(this.#session);
    this.participants = new Participants(this.#session);
    this.chat = new Chat(this.#session);
    this.meta = new Meta();
    this.recording = new Recording(this.#session);
    this.polls = new Polls(this.#session);
  }

  /** Joins the meeting; resolves after roomJoined, rejects with the server's code (token_expired, ...). */
  join() { return this.#session.join(); }
  joinRoom() { return this.join(); }

  /** Leaves the meeting: roomLeft with state 'left'. */
  leave() { return this.#session.leave(); }
  leaveRoom() { return this.leave(); }

  /** Edgeway extension: the RTCStatsReport of the media connection (null before join). */
  async getStats() {
    return this.#session.negotiation ? this.#session.negotiation.pc.getStats() : null;
  }
}

/**
 * The SDK's entry point, named and shaped like RealtimeKitClient.
 *
 * init(options) with options:
 *   authToken            the participant token from the REST API (POST /v1/meetings/{id}/participants)
 *   openSession          Edgeway extension, instead of authToken: { meeting, name } for open sessions
 *   baseURI              the Edgeway server, e.g. 'https://edge.example.com' (default: where this module came from)
 *   defaults             { audio, video }: publish them on join when the preset allows (default true);
 *                        simulcast: false publishes one camera encoding instead of three layers;
 *                        mediaConfiguration.video { width: { ideal }, height: { ideal }, frameRate? } sizes the
 *                        camera (default 640x360)
 *   iceServers           RTCIceServer[], e.g. from POST /v1/turn/keys/{keyId}/credentials/generate-ice-servers
 *   iceTransportPolicy   'all' (default) or 'relay' (media only through TURN)
 *   log                  Edgeway extension: called with diagnostic lines
 */
const EdgewayRTK = {
  version: VERSION,

  async init(options = {}) {
    if (!options.authToken && !(options.openSession?.meeting && options.openSession?.name)) {
      throw new EdgewayError('invalid_options', 'init needs an authToken (or openSession: { meeting, name })');
    }
    return new Meeting(options);
  },
};

export { EdgewayRTK };
export default EdgewayRTK;
