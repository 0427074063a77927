package io.edgeway.bench.load;

import io.edgeway.turn.client.TurnClientEvent;
import io.edgeway.turn.client.TurnClientSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;

/**
 * One load client: one 5-tuple to the server, one {@link TurnClientSession} (the protocol) and the
 * little state the harness adds around it (setup progress, pacing, window, refresh times).
 *
 * <p>Life: IDLE -&gt; CONNECTING -&gt; ALLOCATING (Allocate, 401, Allocate) -&gt; BINDING (ChannelBind or
 * CreatePermission to the echo peer; skipped when only holding) -&gt; READY -&gt; DEALLOCATING (Refresh 0)
 * -&gt; CLOSED, or FAILED from any setup step.
 *
 * <p>Confined to its worker's event loop. Buffers: every frame it writes is a pooled buffer handed to
 * the channel (which releases it); received buffers are borrowed from the handler.
 */
final class LoadClient {

    enum State { IDLE, CONNECTING, ALLOCATING, BINDING, READY, DEALLOCATING, CLOSED, FAILED }

    /** RFC 8656 §12: the first channel number; every client has its own allocation, so all use it. */
    static final int CHANNEL = 0x4000;
    /** Permissions last 300 s (RFC 8656 §9); bind again well before. */
    static final long REBIND_NANOS = TimeUnit.SECONDS.toNanos(240);
    /** An unpaced client with packets out and no echo for this long counts them lost and refills its window. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A paced client that fell this far behind drops the debt instead of bursting. */
    static final long MAX_PACING_DEBT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_BURST = 4;

    final int index;
    final LoadWorker worker;
    final TurnClientSession session;
    final long intervalNanos;
    Channel channel;
    State state = State.IDLE;

    private long allocateStarted;
    private int sequence;
    private long nextSend;
    private int inFlight;
    private long lastProgress;
    private long nextRefresh = Long.MAX_VALUE;
    private long nextRebind = Long.MAX_VALUE;
    private boolean dirty;

    LoadClient(int index, LoadWorker worker, TurnClientSession session) {
        this.index = index;
        this.worker = worker;
        this.session = session;
        int rate = worker.options.ratePerClient();
        this.intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
    }

    void start(long now) {
        state = State.CONNECTING;
        worker.connect(this);
    }

    void onConnectFailed(Throwable cause) {
        fail("connect: " + cause.getClass().getSimpleName());
    }

    void onConnected() {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.ALLOCATING;
        long now = System.nanoTime();
        allocateStarted = now;
        ByteBuf out = buffer();
        session.writeAllocate(out, now, worker.options.lifetimeSeconds());
        send(out);
        worker.flushAll();
    }

    // ---------------------------------------------------------------------------------------- receive

    /** One message from the server (a datagram, or one frame of the stream); borrows {@code buf}. */
    void onReceive(ByteBuf buf, int offset, int length) {
        long now = System.nanoTime();
        TurnClientEvent event = session.onReceive(now, buf, offset, length);
        switch (event) {
            case DATA:
                onData(buf, now);
                break;
            case NONE:
                break;
            default:
                onProtocolEvent(event, now);
                break;
        }
    }

    private void onData(ByteBuf buf, long now) {
        int offset = session.dataOffset();
        if (!Payload.isLoadPacket(buf, offset, session.dataLength(), worker.options.payloadSize())) {
            return;
        }
        worker.onEcho(buf, offset, now);
        if (inFlight > 0) {
            inFlight--;
        }
        lastProgress = now;
        if (worker.sending && intervalNanos == 0 && state == State.READY) {
            sendData(now);
        }
    }

    private void onProtocolEvent(TurnClientEvent event, long now) {
        switch (event) {
            case RETRY:
            case RETRANSMIT:
                ByteBuf out = buffer();
                session.writePending(out, now);
                send(out);
                break;
            case ALLOCATED:
                worker.onAllocated(allocateStarted, now);
                nextRefresh = now + refreshPeriod();
                if (worker.options.isHold()) {
                    becomeReady(now);
                } else {
                    state = State.BINDING;
                    bind(now);
                }
                break;
            case CHANNEL_BOUND:
            case PERMISSION_CREATED:
                nextRebind = now + REBIND_NANOS;
                if (state == State.BINDING) {
                    becomeReady(now);
                }
                break;
            case REFRESHED:
                worker.refreshes.increment();
                nextRefresh = now + refreshPeriod();
                break;
            case DEALLOCATED:
                worker.deallocated.increment();
                state = State.CLOSED;
                closeChannel();
                break;
            case FAILED:
                onFailed();
                break;
            default:
                break;
        }
    }

    private void onFailed() {
        String why = session.errorCode() == 0 ? "timeout" : Integer.toString(session.errorCode());
        switch (state) {
            case ALLOCATING:
                fail("allocate " + why);
                break;
            case BINDING:
                fail("bind " + why);
                break;
            case DEALLOCATING:
                state = State.CLOSED;
                closeChannel();
                break;
            default:
                // A refresh or re-bind on a working allocation.
                worker.refreshFailures.increment();
                break;
        }
    }

    private void fail(String why) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        state = State.FAILED;
        worker.onSetupFailed(why);
        closeChannel();
    }

    private void becomeReady(long now) {
        state = State.READY;
        worker.ready.increment();
        if (worker.sending) {
            startSending(now);
        }
    }

    private void bind(long now) {
        ByteBuf out = buffer();
        if (worker.options.mode() == LoadOptions.Mode.CHANNEL) {
            session.writeChannelBind(out, now, CHANNEL, worker.peer);
        } else {
            session.writeCreatePermission(out, now, worker.peer);
        }
        send(out);
    }

    /** Hold: the configured refresh interval; relay runs: half the granted lifetime (RFC 8656 §8). */
    private long refreshPeriod() {
        if (worker.options.isHold()) {
            return worker.options.refreshInterval().toNanos();
        }
        return TimeUnit.SECONDS.toNanos(Math.max(1, session.lifetimeSeconds() / 2));
    }

    // ------------------------------------------------------------------------------------------ ticks

    /** Transaction timers, refreshes, re-binds and stall recovery; called every slow tick. */
    void maintain(long now) {
        if (state == State.CLOSED || state == State.FAILED || state == State.IDLE) {
            return;
        }
        TurnClientEvent timer = session.onTimeout(now);
        if (timer != TurnClientEvent.NONE) {
            onProtocolEvent(timer, now);
        }
        if (state != State.READY) {
            return;
        }
        if (!session.hasPendingRequest()) {
            if (now >= nextRefresh) {
                nextRefresh = Long.MAX_VALUE;
                ByteBuf out = buffer();
                session.writeRefresh(out, now, worker.options.lifetimeSeconds());
                send(out);
            } else if (now >= nextRebind && !worker.options.isHold()) {
                nextRebind = Long.MAX_VALUE;
                bind(now);
            }
        }
        if (worker.sending && intervalNanos == 0 && inFlight > 0 && now - lastProgress > STALL_NANOS) {
            worker.stalls.increment();
            inFlight = 0;
            fillWindow(now);
        }
    }

    void startSending(long now) {
        if (state != State.READY) {
            return;
        }
        if (intervalNanos > 0) {
            // Spread clients over the interval so that they do not all send in the same tick.
            int clients = Math.max(1, worker.options.clients());
            nextSend = now + intervalNanos * (index % clients) / clients;
        } else {
            fillWindow(now);
        }
    }

    private void fillWindow(long now) {
        lastProgress = now;
        while (inFlight < worker.options.window()) {
            if (!sendData(now)) {
                break;
            }
        }
    }

    /** Sends what the pace says is due; called every fast tick while sending. */
    void paceSend(long now) {
        if (state != State.READY) {
            return;
        }
        int burst = 0;
        while (now >= nextSend && burst++ < MAX_BURST) {
            sendData(now);
            nextSend += intervalNanos;
        }
        if (now - nextSend > MAX_PACING_DEBT_NANOS) {
            nextSend = now;
        }
    }

    /** Writes one load packet; false when the channel pushes back (counted, not sent). */
    private boolean sendData(long now) {
        if (!channel.isWritable()) {
            worker.blocked.increment();
            return false;
        }
        ByteBuf template = worker.template;
        template.setInt(Payload.SEQUENCE_OFFSET, sequence++);
        template.setLong(Payload.SEND_NANOS_OFFSET, now);
        ByteBuf out = buffer();
        int size = template.readableBytes();
        if (worker.options.mode() == LoadOptions.Mode.CHANNEL) {
            session.writeChannelData(out, CHANNEL, template, 0, size);
        } else {
            session.writeSendIndication(out, worker.peer, template, 0, size);
        }
        send(out);
        inFlight++;
        worker.onSent(now);
        return true;
    }

    // ---------------------------------------------------------------------------------------- teardown

    /** Deletes the allocation (Refresh lifetime 0); a client still being set up is closed. */
    void deallocate(long now) {
        switch (state) {
            case READY:
            case BINDING:
                session.abandon();
                state = State.DEALLOCATING;
                ByteBuf out = buffer();
                session.writeRefresh(out, now, 0);
                send(out);
                break;
            case CONNECTING:
            case ALLOCATING:
                session.abandon();
                state = State.CLOSED;
                closeChannel();
                break;
            default:
                break;
        }
    }

    void onTransportError(Throwable cause) {
        worker.onTransportError(cause);
        if (options().transport() != LoadOptions.Transport.UDP) {
            fail("transport: " + cause.getClass().getSimpleName());
        }
    }

    void onClosed() {
        if (state == State.CONNECTING || state == State.ALLOCATING || state == State.BINDING) {
            fail("closed by server");
        } else if (state == State.READY || state == State.DEALLOCATING) {
            state = State.CLOSED;
        }
    }

    private LoadOptions options() {
        return worker.options;
    }

    // ------------------------------------------------------------------------------------------ writes

    private ByteBuf buffer() {
        return channel.alloc().directBuffer(worker.frameCapacity);
    }

    /** Queues {@code out} on the channel, which takes ownership; flushed at the end of the tick or read. */
    private void send(ByteBuf out) {
        channel.write(out, channel.voidPromise());
        if (!dirty) {
            dirty = true;
            worker.markDirty(this);
        }
    }

    /**
     * Closes the channel after the current read: closing a connected UDP channel from inside its own read
     * loop makes Netty's next recv fail with ClosedChannelException.
     */
    private void closeChannel() {
        if (channel != null) {
            Channel closing = channel;
            closing.eventLoop().execute(closing::close);
        }
    }

    void flush() {
        dirty = false;
        channel.flush();
    }
}
