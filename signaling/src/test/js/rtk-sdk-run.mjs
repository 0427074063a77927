// Drives every client.realtimeKit.* operation of the official Cloudflare TypeScript SDK (npm `cloudflare`,
// the version pinned in package.json) against a running Edgeway, with nothing changed but baseURL, and
// checks each answer against RealtimeKit's documented fields. Its webhook goes to a receiver the script
// runs on loopback (the server must allow 127.0.0.0/8 with webhook-allowed-target), which checks that the
// live session's events arrive in order with an rtk-signature that node:crypto verifies against the key
// the server publishes at /.well-known/webhooks.json. Driven by RealtimeKitSdkIT on H2 and on
// PostgreSQL, which starts the server.
//
// Usage: node --experimental-websocket rtk-sdk-run.mjs '<json>'   with json:
//   { "baseURL": "http://127.0.0.1:PORT/client/v4", "apiToken": "KEYID.SECRET", "accountId": "...",
//     "wsUrl": "ws://127.0.0.1:PORT/ws", "stepTimeoutMs": 10000 }
//
// Prints one line per operation, `RTK-OP <resource>.<method> <PASS|FAIL> <outcome>`, where the outcome is
// `ok` or the error code Edgeway answered; an operation passes when it answered as expected (a success
// with the documented fields, or the documented error for what Edgeway does not do). Ends with
// `RTK-SUMMARY <operations> operations, <passed> as expected, <failed> not`; exit code 0 when all passed,
// 1 otherwise, 2 on a usage error.
import Cloudflare from 'cloudflare';
import { createServer } from 'node:http';
import { verify } from 'node:crypto';

const args = JSON.parse(process.argv[2] ?? 'null');
if (!args?.baseURL || !args.apiToken || !args.accountId || !args.wsUrl) {
  console.error('usage: node --experimental-websocket rtk-sdk-run.mjs \'{"baseURL":...,"apiToken":...,"accountId":...,"wsUrl":...}\'');
  process.exit(2);
}
const timeout = args.stepTimeoutMs ?? 10000;
const client = new Cloudflare({ apiToken: args.apiToken, baseURL: args.baseURL });
const rtk = client.realtimeKit;
const account_id = args.accountId;
const results = [];

function codeOf(e) {
  return e?.error?.errors?.[0]?.code ?? (e?.status ? `http_${e.status}` : String(e?.message ?? e));
}

function need(cond, what) {
  if (!cond) throw new Error(`documented field check failed: ${what}`);
}

function fields(obj, names, where) {
  for (const n of names) need(obj !== undefined && obj !== null && obj[n] !== undefined, `${where}.${n}`);
}

/** Runs one operation; `check` judges a success; `expectError` names the documented refusal instead. */
async function op(name, call, { check, expectError } = {}) {
  let outcome;
  let pass;
  let value;
  try {
    value = await call();
    outcome = 'ok';
    if (expectError) {
      pass = false;
      outcome = `ok (expected ${expectError})`;
    } else {
      need(value?.success === true, 'success');
      if (check) await check(value);
      pass = true;
    }
  } catch (e) {
    if (e?.message?.startsWith('documented field check failed')) {
      outcome = e.message;
      pass = false;
    } else {
      outcome = codeOf(e);
      pass = expectError !== undefined && outcome === expectError;
      if (!pass && e?.error) outcome += ` ${JSON.stringify(e.error).slice(0, 300)}`;
    }
  }
  results.push(pass);
  console.log(`RTK-OP ${name} ${pass ? 'PASS' : 'FAIL'} ${outcome}`);
  return value;
}

const MEETING_FIELDS = ['id', 'created_at', 'updated_at', 'title', 'status', 'persist_chat', 'record_on_start',
  'live_stream_on_start', 'summarize_on_end', 'transcribe_on_end', 'session_keep_alive_time_in_secs'];
const PARTICIPANT_FIELDS = ['id', 'created_at', 'updated_at', 'custom_participant_id', 'preset_name', 'name', 'picture'];
const PRESET_FIELDS = ['id', 'name', 'config', 'ui', 'permissions', 'created_at', 'updated_at'];
const SESSION_FIELDS = ['id', 'associated_id', 'created_at', 'live_participants', 'max_concurrent_participants',
  'meeting_display_name', 'minutes_consumed', 'organization_id', 'started_at', 'status', 'type', 'updated_at'];
const SESSION_PARTICIPANT_FIELDS = ['id', 'user_id', 'custom_participant_id', 'display_name', 'preset_name',
  'joined_at', 'duration', 'created_at', 'updated_at'];
const PAGING = ['start_offset', 'end_offset', 'total_count'];

/** A participant's signaling connection: joins with its token, queues every message. */
function connect(token, label) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(args.wsUrl);
    const inbox = [];
    const waiters = [];
    const timer = setTimeout(() => reject(new Error(`${label}: no roomJoined within ${timeout} ms`)), timeout);
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      inbox.push(m);
      waiters.splice(0).forEach((w) => w());
      if (m.type === 'roomJoined') { clearTimeout(timer); resolve(peer); }
      if (m.type === 'error' && !inbox.some((x) => x.type === 'roomJoined')) {
        clearTimeout(timer); reject(new Error(`${label}: join refused ${m.code}: ${m.message}`));
      }
    };
    ws.onerror = () => { clearTimeout(timer); reject(new Error(`${label}: WebSocket error`)); };
    ws.onopen = () => ws.send(JSON.stringify({ type: 'join', token }));
    const peer = {
      ws, inbox,
      send: (m) => ws.send(JSON.stringify(m)),
      async next(type) {
        const end = Date.now() + timeout;
        for (;;) {
          const i = inbox.findIndex((m) => m.type === type);
          if (i >= 0) return inbox.splice(i, 1)[0];
          if (Date.now() > end) throw new Error(`${label}: no ${type} within ${timeout} ms (got ${inbox.map((m) => m.type)})`);
          await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
        }
      },
    };
  });
}

async function eventually(what, probe) {
  const end = Date.now() + timeout;
  for (;;) {
    try { return await probe(); } catch (e) { if (Date.now() > end) throw new Error(`${what}: ${e.message}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A webhook receiver as an app's server runs one: records each POST's raw body and headers, answers 200. */
function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, received,
    url: `http://127.0.0.1:${server.address().port}/rtk-webhook` })));
}

const WEBHOOK_FIELDS = ['id', 'name', 'url', 'events', 'enabled', 'created_at', 'updated_at'];
const SENT_EVENTS = ['meeting.started', 'meeting.ended', 'meeting.participantJoined', 'meeting.participantLeft',
  'meeting.chatSynced'];

async function main() {
  const receiver = await startReceiver();
  // ----------------------------------------------------------------------------------------------- apps
  const created = await op('apps.post', () => rtk.apps.post({ account_id, name: 'sdk-run' }), {
    check: (r) => fields(r.data.app, ['id', 'name', 'created_at'], 'data.app'),
  });
  const app_id = created?.data?.app?.id;
  await op('apps.get', () => rtk.apps.get({ account_id, search: 'sdk-run' }), {
    check: (r) => { need(r.data.some((a) => a.id === app_id), 'data[].id'); fields(r.paging, PAGING, 'paging'); },
  });
  const ids = { account_id, app_id };

  // -------------------------------------------------------------------------------------------- presets
  const permissions = { kick_participant: true, accept_waiting_requests: true, waiting_room_type: 'SKIP',
    polls: { can_create: true, can_vote: true, can_view: true } };
  await op('presets.create', () => rtk.presets.create(app_id, { account_id, name: 'host', permissions }), {
    check: (r) => { fields(r.data, PRESET_FIELDS, 'data'); need(r.data.permissions.kick_participant === true, 'kick'); },
  });
  const scratch = await op('presets.create', () => rtk.presets.create(app_id, { account_id, name: 'scratch' }));
  const scratchId = scratch?.data?.id;
  await op('presets.get', () => rtk.presets.get(app_id, { account_id, search: 'scratch' }), {
    check: (r) => { need(r.data.length === 1 && r.data[0].id === scratchId, 'data[].id'); fields(r.data[0], ['id', 'name', 'created_at', 'updated_at'], 'data[0]'); },
  });
  await op('presets.getPresetByID', () => rtk.presets.getPresetByID(scratchId, ids), {
    check: (r) => fields(r.data, PRESET_FIELDS, 'data'),
  });
  await op('presets.update', () => rtk.presets.update(scratchId, { ...ids, permissions: { can_record: true } }), {
    check: (r) => need(r.data.permissions.can_record === true, 'permissions.can_record'),
  });
  await op('presets.replacePresetByID', () => rtk.presets.replacePresetByID(scratchId, { ...ids, name: 'scratch2',
    config: {}, ui: {}, permissions: {} }), {
    check: (r) => need(r.data.name === 'scratch2' && r.data.permissions.can_record === false, 'replaced'),
  });
  await op('presets.delete', () => rtk.presets.delete(scratchId, ids), { check: (r) => fields(r.data, PRESET_FIELDS, 'data') });
  await op('presets.create (waiting room, pinning, host mute, hidden, private chat)', () => rtk.presets.create(app_id, {
    account_id, name: 'lobby', permissions: { waiting_room_type: 'ON_PRIVILEGED_USER_ENTRY', accept_waiting_requests: true,
      pin_participant: true, disable_participant_audio: true, disable_participant_video: true, hidden_participant: false,
      chat: { private: { can_send: true, can_receive: true, text: true } } } }), {
    check: (r) => {
      fields(r.data, PRESET_FIELDS, 'data');
      const p = r.data.permissions;
      need(p.waiting_room_type === 'ON_PRIVILEGED_USER_ENTRY' && p.pin_participant === true
        && p.disable_participant_audio === true && p.chat.private.can_send === true, 'the enforced settings kept');
    },
  });
  await op('presets.create (plugins: not enforced)', () => rtk.presets.create(app_id, { account_id, name: 'plugins',
    permissions: { plugins: { can_start: true } } }), { expectError: 'not_supported' });

  // ------------------------------------------------------------------------------------------- meetings
  const meeting = await op('meetings.create', () => rtk.meetings.create(app_id, { account_id, title: 'SDK run',
    persist_chat: false, session_keep_alive_time_in_secs: 0 }), { check: (r) => fields(r.data, MEETING_FIELDS, 'data') });
  const meeting_id = meeting?.data?.id;
  await op('meetings.create (record_on_start: no recorder)', () => rtk.meetings.create(app_id, { account_id,
    record_on_start: true }), { expectError: 'not_supported' });
  await op('meetings.get', () => rtk.meetings.get(app_id, { account_id, search: 'sdk run', status: 'ACTIVE' }), {
    check: (r) => { need(r.data.length === 1 && r.data[0].id === meeting_id, 'search'); fields(r.paging, PAGING, 'paging'); },
  });
  await op('meetings.getMeetingByID', () => rtk.meetings.getMeetingByID(meeting_id, ids), {
    check: (r) => fields(r.data, MEETING_FIELDS, 'data'),
  });
  await op('meetings.updateMeetingByID', () => rtk.meetings.updateMeetingByID(meeting_id, { ...ids, title: 'SDK run 2' }), {
    check: (r) => need(r.data.title === 'SDK run 2', 'title'),
  });
  await op('meetings.replaceMeetingByID', () => rtk.meetings.replaceMeetingByID(meeting_id, { ...ids, title: 'SDK run 3',
    persist_chat: true }), { check: (r) => need(r.data.title === 'SDK run 3' && r.data.persist_chat === true, 'replaced') });

  const m = { ...ids, meeting_id };
  const add = (custom, name) => rtk.meetings.addParticipant(meeting_id, { ...ids, custom_participant_id: custom,
    preset_name: 'host', name });
  const ann = await op('meetings.addParticipant', () => add('ann', 'Ann'), {
    check: (r) => fields(r.data, [...PARTICIPANT_FIELDS, 'token'], 'data'),
  });
  const ben = await op('meetings.addParticipant', () => add('ben', 'Ben'));
  const gone = await op('meetings.addParticipant', () => add('gone', 'Gone'));
  await op('meetings.getMeetingParticipants', () => rtk.meetings.getMeetingParticipants(meeting_id, { ...ids, per_page: 2 }), {
    check: (r) => { need(r.data.length === 2, 'page of 2'); need(r.paging.total_count === 3, 'total_count'); },
  });
  await op('meetings.getMeetingParticipant', () => rtk.meetings.getMeetingParticipant(ann.data.id, m), {
    check: (r) => fields(r.data, PARTICIPANT_FIELDS, 'data'),
  });
  await op('meetings.editParticipant', () => rtk.meetings.editParticipant(ben.data.id, { ...m, name: 'Benjamin' }), {
    check: (r) => { need(r.data.name === 'Benjamin', 'name'); need(typeof r.data.token === 'string' && r.data.token.length > 0, 'token'); },
  });
  const refreshed = await op('meetings.refreshParticipantToken', () => rtk.meetings.refreshParticipantToken(ann.data.id, m), {
    check: (r) => need(typeof r.data.token === 'string', 'token'),
  });
  await op('meetings.deleteMeetingParticipant', () => rtk.meetings.deleteMeetingParticipant(gone.data.id, m), {
    check: (r) => fields(r.data, ['created_at', 'custom_participant_id', 'preset_id', 'updated_at'], 'data'),
  });

  // ------------------------------------------------------------------------------------------- webhooks
  const hook = { name: 'sdk-run', url: receiver.url, events: SENT_EVENTS };
  const createdHook = await op('webhooks.createWebhook', () => rtk.webhooks.createWebhook(app_id, { account_id, ...hook }), {
    check: (r) => { fields(r.data, WEBHOOK_FIELDS, 'data'); need(r.data.enabled === true && r.data.events.length === 5, 'enabled, events'); },
  });
  const webhook_id = createdHook?.data?.id;
  await op('webhooks.createWebhook (meeting.transcript: no transcripts)', () => rtk.webhooks.createWebhook(app_id, {
    account_id, ...hook, events: ['meeting.started', 'meeting.transcript'] }), { expectError: 'not_supported' });
  await op('webhooks.getWebhooks', () => rtk.webhooks.getWebhooks(app_id, { account_id }), {
    check: (r) => { need(r.data.some((w) => w.id === webhook_id), 'data[].id'); fields(r.data[0], WEBHOOK_FIELDS, 'data[0]'); },
  });
  await op('webhooks.getWebhookByID', () => rtk.webhooks.getWebhookByID(webhook_id, ids), {
    check: (r) => { fields(r.data, WEBHOOK_FIELDS, 'data'); need(r.data.url === receiver.url, 'url'); },
  });
  await op('webhooks.editWebhook', () => rtk.webhooks.editWebhook(webhook_id, { ...ids, name: 'sdk-run edited' }), {
    check: (r) => need(r.data.name === 'sdk-run edited' && r.data.events.length === 5, 'name, events kept'),
  });
  await op('webhooks.replaceWebhook', () => rtk.webhooks.replaceWebhook(webhook_id, { ...ids, ...hook, enabled: true }), {
    check: (r) => { fields(r.data, WEBHOOK_FIELDS, 'data'); need(r.data.name === 'sdk-run', 'replaced'); },
  });

  // --------------------------------------------------------------------- a live session of two token joins
  const annWs = await connect(refreshed.data.token, 'ann');
  const benWs = await connect(ben.data.token, 'ben');
  annWs.send({ type: 'chat', text: 'hello from the SDK run' });
  await annWs.next('chatUpdate');
  await op('activeSession.getActiveSession', () => rtk.activeSession.getActiveSession(meeting_id, ids), {
    check: (r) => { fields(r.data, SESSION_FIELDS, 'data'); need(r.data.live_participants === 2, 'live_participants'); need(r.data.organization_id === app_id, 'organization_id'); },
  });
  const session_id = (await rtk.activeSession.getActiveSession(meeting_id, ids)).data.id;
  await op('activeSession.createPoll', () => rtk.activeSession.createPoll(meeting_id, { ...ids,
    question: 'Lunch?', options: ['yes', 'no'], anonymous: false, hide_votes: false }), {
    check: async (r) => {
      need(r.data.action === 'create', 'action');
      fields(r.data.poll, ['id', 'question', 'options', 'anonymous', 'hide_votes', 'voted'], 'data.poll');
      fields(r.data.poll.options[0], ['text', 'count', 'votes'], 'data.poll.options[0]');
      // Over the WebSocket: both see it (pollsUpdate, newPoll), Ben votes, Ann sees his vote counted.
      const shown = await annWs.next('pollsUpdate');
      need(shown.newPoll === true && shown.polls[0].id === r.data.poll.id, 'pollsUpdate at Ann');
      await benWs.next('pollsUpdate');
      benWs.send({ type: 'votePoll', pollId: r.data.poll.id, index: 0 });
      const counted = await annWs.next('pollsUpdate');
      need(counted.polls[0].options[0].count === 1 && counted.polls[0].voted.length === 1, 'Ben\'s vote counted at Ann');
    },
  });
  await op('activeSession.kickParticipants', () => rtk.activeSession.kickParticipants(meeting_id, { ...ids,
    custom_participant_ids: ['ben'] }), {
    check: async (r) => {
      need(r.data.action === 'kick' && r.data.participants.length === 1, 'one kicked');
      fields(r.data.participants[0], ['id', 'created_at', 'updated_at', 'name'], 'data.participants[0]');
      await benWs.next('kicked');
    },
  });
  await op('activeSession.kickAllParticipants', () => rtk.activeSession.kickAllParticipants(meeting_id, ids), {
    check: async (r) => { need(r.data.kicked_participants_count === 1, 'kicked_participants_count'); await annWs.next('meetingEnded'); },
  });

  // -------------------------------------------------------------------------- the sessions, after it ended
  await eventually('session ended in the history', async () => {
    const r = await rtk.sessions.getSessionDetails(session_id, ids);
    need(r.data.status === 'ENDED', 'status ENDED');
  });
  await op('sessions.getSessions', () => rtk.sessions.getSessions(app_id, { account_id, associated_id: meeting_id }), {
    check: (r) => { need(r.data.sessions.length === 1, 'one session'); fields(r.data.sessions[0], [...SESSION_FIELDS, 'ended_at'], 'data.sessions[0]'); },
  });
  await op('sessions.getSessionDetails', () => rtk.sessions.getSessionDetails(session_id, ids), {
    check: (r) => { fields(r.data, [...SESSION_FIELDS, 'ended_at'], 'data'); need(r.data.max_concurrent_participants === 2, 'max'); },
  });
  const peers = await op('sessions.getSessionParticipants', () => rtk.sessions.getSessionParticipants(session_id, { ...ids,
    include_peer_events: true }), {
    check: (r) => { need(r.data.participants.length === 2, 'two peers'); fields(r.data.participants[0], [...SESSION_PARTICIPANT_FIELDS, 'left_at', 'peer_events'], 'participants[0]'); },
  });
  const peerId = peers?.data?.participants?.[0]?.id;
  await op('sessions.getSessionParticipantDetails', () => rtk.sessions.getSessionParticipantDetails(peerId, { ...ids,
    session_id, include_peer_events: true }), {
    check: (r) => { fields(r.data.participant, [...SESSION_PARTICIPANT_FIELDS, 'left_at', 'peer_events'], 'participant'); need(r.data.participant.peer_events.length === 3, 'peer events'); },
  });
  await op('sessions.getParticipantDataFromPeerID', () => rtk.sessions.getParticipantDataFromPeerID(peerId, ids), {
    check: (r) => fields(r.data.participant, ['id', 'session_id', 'role', 'peer_report', 'joined_at', 'left_at'], 'participant'),
  });
  await op('sessions.getSessionChat', () => rtk.sessions.getSessionChat(session_id, ids), {
    check: async (r) => {
      fields(r.data, ['chat_download_url', 'chat_download_url_expiry'], 'data');
      const csv = await (await fetch(r.data.chat_download_url)).text();
      need(csv.includes('hello from the SDK run'), 'the export holds the message');
    },
  });
  await op('sessions.getSessionTranscripts', () => rtk.sessions.getSessionTranscripts(session_id, ids), { expectError: 'not_supported' });
  await op('sessions.getSessionSummary', () => rtk.sessions.getSessionSummary(session_id, ids), { expectError: 'not_supported' });
  await op('sessions.generateSummaryOfTranscripts', () => rtk.sessions.generateSummaryOfTranscripts(session_id, ids), { expectError: 'not_supported' });

  // -------------------------------------------------------------------------------------------- recordings
  await op('recordings.getRecordings', () => rtk.recordings.getRecordings(app_id, { account_id }), {
    check: (r) => need(Array.isArray(r.data) && r.data.length === 0 && r.paging.total_count === 0, 'none'),
  });
  await op('recordings.startRecordings', () => rtk.recordings.startRecordings(app_id, { account_id, meeting_id }), { expectError: 'recording_unavailable' });
  await op('recordings.startTrackRecording', () => rtk.recordings.startTrackRecording(app_id, { account_id, meeting_id, layers: {} }), { expectError: 'recording_unavailable' });
  await op('recordings.getOneRecording', () => rtk.recordings.getOneRecording('r-1', ids), { expectError: 'recording_not_found' });
  await op('recordings.getActiveRecordings', () => rtk.recordings.getActiveRecordings(meeting_id, ids), { expectError: 'recording_not_found' });
  await op('recordings.pauseResumeStopRecording', () => rtk.recordings.pauseResumeStopRecording('r-1', { ...ids, action: 'stop' }), { expectError: 'recording_not_found' });

  // ----------------------------------------------------- webhook deliveries of the session, then delete
  await op('webhooks (deliveries to the run\'s receiver: in order, signed)', async () => {
    await eventually('seven deliveries', async () => need(receiver.received.length >= 7, `7 deliveries, got ${receiver.received.length}`));
    const { publicKey } = await (await fetch(args.baseURL.replace(/\/client\/v4$/, '') + '/.well-known/webhooks.json')).json();
    const events = receiver.received.map((d) => JSON.parse(d.body.toString('utf8')));
    return { success: true, events, publicKey };
  }, {
    check: (r) => {
      const names = r.events.map((e) => e.event).join(',');
      need(names === 'meeting.started,meeting.participantJoined,meeting.participantJoined,meeting.participantLeft,'
        + 'meeting.participantLeft,meeting.ended,meeting.chatSynced', `events in order (${names})`);
      for (const d of receiver.received) {
        need(verify('RSA-SHA256', d.body, r.publicKey, Buffer.from(d.headers['rtk-signature'], 'base64')), 'rtk-signature');
      }
      fields(r.events[0].meeting, ['id', 'sessionId', 'title', 'status', 'createdAt', 'startedAt', 'organizedBy'], 'meeting');
      need(r.events[0].meeting.id === meeting_id && r.events[0].meeting.sessionId === session_id, 'meeting ids');
      fields(r.events[1].participant, ['peerId', 'userDisplayName', 'customParticipantId', 'joinedAt'], 'participant');
      fields(r.events[3].participant, ['peerId', 'leftAt'], 'participant');
      need(r.events[5].reason === 'HOST_ENDED_MEETING', 'meeting.ended reason (kick-all)');
      fields(r.events[6], ['chatDownloadUrl', 'chatDownloadUrlExpiry'], 'chatSynced');
    },
  });
  await op('webhooks.deleteWebhook', () => rtk.webhooks.deleteWebhook(webhook_id, ids), {
    check: (r) => { fields(r.data, WEBHOOK_FIELDS, 'data'); need(r.data.id === webhook_id, 'id'); },
  });

  // ----------------------------------------------------------------------------- livestreams and analytics
  const ls = rtk.livestreams;
  const notSupported = { expectError: 'not_supported' };
  await op('livestreams.getAllLivestreams', () => ls.getAllLivestreams(app_id, { account_id }), notSupported);
  await op('livestreams.getLivestreamSessionForLivestreamID', () => ls.getLivestreamSessionForLivestreamID('l-1', ids), notSupported);
  await op('livestreams.getActiveLivestreamsForLivestreamID', () => ls.getActiveLivestreamsForLivestreamID('l-1', ids), notSupported);
  await op('livestreams.getLivestreamSessionDetailsForSessionID', () => ls.getLivestreamSessionDetailsForSessionID('s-1', ids), notSupported);
  await op('livestreams.getLivestreamAnalyticsComplete', () => ls.getLivestreamAnalyticsComplete(app_id, { account_id }), notSupported);
  await op('livestreams.getLivestreamAnalyticsDaywise', () => ls.getLivestreamAnalyticsDaywise(app_id, { account_id }), notSupported);
  await op('livestreams.getOrgAnalytics', () => ls.getOrgAnalytics(app_id, { account_id }), notSupported);
  await op('livestreams.getMeetingActiveLivestreams', () => ls.getMeetingActiveLivestreams(meeting_id, ids), notSupported);
  await op('livestreams.startLivestreamingAMeeting', () => ls.startLivestreamingAMeeting(meeting_id, { ...ids, name: 'l' }), notSupported);
  await op('livestreams.stopLivestreamingAMeeting', () => ls.stopLivestreamingAMeeting(meeting_id, ids), notSupported);
  await op('analytics.getOrgAnalytics', () => rtk.analytics.getOrgAnalytics(app_id, { account_id }), notSupported);

  // ------------------------------------------------------------------------------------ the account id
  await op('meetings.get (another account)', () => rtk.meetings.get(app_id, { account_id: '0'.repeat(32) }), { expectError: 'account_not_found' });

  annWs.ws.close();
  benWs.ws.close();
  receiver.server.close();
}

try {
  await main();
} catch (e) {
  results.push(false);
  console.log(`RTK-OP run FAIL ${e.message}`);
}
const failed = results.filter((p) => !p).length;
console.log(`RTK-SUMMARY ${results.length} operations, ${results.length - failed} as expected, ${failed} not`);
process.exit(failed === 0 ? 0 : 1);
