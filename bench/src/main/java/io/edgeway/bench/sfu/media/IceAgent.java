package io.edgeway.bench.sfu.media;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One synthetic participant's ICE agent for one transport (RFC 8445), with a single host candidate and
 * one component (rtcp-mux, BUNDLE). Sans-I/O: it is handed received STUN and the time, and sends
 * through a {@link Sink}; it never reads a clock.
 *
 * <h2>Theory of operation</h2>
 * <ul>
 *   <li><b>Controlling</b> (we offered; the peer is ICE-lite or answered): checks go to every remote
 *       candidate every {@link #TA_NANOS} until one succeeds, then that pair is nominated (RFC 8445
 *       §8.1.1, regular nomination): checks with USE-CANDIDATE until one succeeds, which selects it.</li>
 *   <li><b>Controlled</b> (the peer offered, as Janus does for subscriptions): the same ordinary checks
 *       (§7.2.5.4: a controlled agent checks too), and the pair is selected when a check carrying
 *       USE-CANDIDATE arrives from the peer (§7.3.1.5).</li>
 *   <li>A 487 (role conflict, §7.2.5.1) switches the role and starts over.</li>
 *   <li>Every authenticated check from the peer is answered (§7.3), whatever the state: a full agent
 *       (Janus's libnice) needs our answers to validate its own pairs.</li>
 *   <li>Once selected, a consent check (RFC 7675 §5.1) goes to the selected pair every 4 to 6 s; its
 *       answers and failures are counted.</li>
 * </ul>
 * Confined to the event loop of its transport. Allocates one transaction id array per check.
 */
public final class IceAgent {

    /** RFC 8445 §14.2's pacing of checks (Ta), as browsers use on a single pair. */
    static final long TA_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** RFC 7675 §5.1: consent checks every 4 to 6 s (5 s with ±20%). */
    static final long CONSENT_MIN_NANOS = TimeUnit.SECONDS.toNanos(4);
    static final long CONSENT_SPREAD_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Peer-reflexive type preference (RFC 8445 §5.1.2.2), local preference max, component 1. */
    static final int PRFLX_PRIORITY = (110 << 24) | (65535 << 8) | 255;

    /** Where the agent's STUN goes; {@code packet} is handed over (the sink releases it). */
    public interface Sink {
        void sendStun(ByteBuf packet, InetSocketAddress to);
    }

    public enum Role { CONTROLLING, CONTROLLED }

    private final String localUfrag;
    private final byte[] localKey;
    private final RandomGenerator random;
    private final long tieBreaker;
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessage message = new StunMessage();
    private final List<Pending> pending = new ArrayList<>();
    private Role role;
    private String remoteUfrag;
    private byte[] remoteKey;
    private List<InetSocketAddress> remoteCandidates = List.of();
    private InetSocketAddress validated;
    private InetSocketAddress selected;
    private long nextCheckAt;
    private long nextConsentAt;
    private long selectedAt = -1;

    // Counters, read by the owner on the same loop.
    long checksSent;
    long checksAnswered;
    long requestsReceived;
    long consentChecks;
    long consentAnswers;
    long roleConflicts;

    private record Pending(byte[] id, InetSocketAddress to, boolean nominating, long sentAt) {
    }

    public IceAgent(String localUfrag, String localPwd, Role role, RandomGenerator random) {
        this.localUfrag = localUfrag;
        this.localKey = localPwd.getBytes(StandardCharsets.UTF_8);
        this.role = role;
        this.random = random;
        this.tieBreaker = random.nextLong();
    }

    /** The peer's credentials and candidates (from its SDP); checks start at the next timeout. */
    public void remote(String ufrag, String pwd, List<InetSocketAddress> candidates) {
        this.remoteUfrag = ufrag;
        this.remoteKey = pwd.getBytes(StandardCharsets.UTF_8);
        this.remoteCandidates = List.copyOf(candidates);
    }

    public Role role() {
        return role;
    }

    /** The selected remote address, null before. */
    public InetSocketAddress selected() {
        return selected;
    }

    /** When the pair was selected (the clock of the calls), -1 before. */
    public long selectedAt() {
        return selectedAt;
    }

    /** Sends what is due: checks before selection, consent checks after. */
    public void onTimeout(long now, ByteBufAllocator alloc, Sink out) {
        if (remoteKey == null) {
            return;
        }
        if (selected == null) {
            if (now < nextCheckAt) {
                return;
            }
            nextCheckAt = now + TA_NANOS;
            if (role == Role.CONTROLLING && validated != null) {
                sendCheck(now, validated, true, alloc, out);
            } else {
                for (InetSocketAddress candidate : remoteCandidates) {
                    sendCheck(now, candidate, false, alloc, out);
                }
                if (validated != null && !remoteCandidates.contains(validated)) {
                    sendCheck(now, validated, false, alloc, out);
                }
            }
        } else if (now >= nextConsentAt) {
            nextConsentAt = now + CONSENT_MIN_NANOS + (long) (random.nextDouble() * CONSENT_SPREAD_NANOS);
            consentChecks++;
            sendCheck(now, selected, false, alloc, out);
        }
    }

    /**
     * Handles one STUN datagram from {@code from} (borrowed). Returns false when it is not for this
     * agent (not STUN, unauthenticated, unknown transaction).
     */
    public boolean onStun(long now, ByteBuf packet, InetSocketAddress from, ByteBufAllocator alloc, Sink out) {
        try {
            message.wrap(packet, packet.readerIndex(), packet.readableBytes());
        } catch (StunParseException e) {
            return false;
        }
        if (message.messageType() == StunMessageType.BINDING_REQUEST) {
            return onRequest(now, from, alloc, out);
        }
        if (message.messageType() == StunMessageType.BINDING_SUCCESS
                || message.messageType() == StunMessageType.BINDING_ERROR) {
            return onResponse(now, from);
        }
        return false;
    }

    private boolean onRequest(long now, InetSocketAddress from, ByteBufAllocator alloc, Sink out) {
        String username;
        try {
            username = TextAttribute.readFirst(message, StunAttributeType.USERNAME);
        } catch (StunParseException e) {
            return false;
        }
        // RFC 8445 §7.3: USERNAME is "<our ufrag>:<their ufrag>", the integrity keyed with our password.
        if (username == null || !username.startsWith(localUfrag + ":") || !MessageIntegrity.verify(message, localKey)) {
            return false;
        }
        requestsReceived++;
        boolean useCandidate = message.has(StunAttributeType.USE_CANDIDATE);
        ByteBuf reply = alloc.directBuffer(96);
        writer.begin(reply, StunMessageType.BINDING_SUCCESS, message);
        XorAddress.addTo(writer, StunAttributeType.XOR_MAPPED_ADDRESS, from);
        MessageIntegrity.addTo(writer, localKey);
        Fingerprint.addTo(writer);
        writer.finish();
        out.sendStun(reply, from);
        if (role == Role.CONTROLLED && useCandidate && selected == null) {
            select(now, from);
        }
        if (selected == null && validated == null) {
            // RFC 8445 §7.3.1.4: a triggered check toward the sender.
            nextCheckAt = now;
            if (!remoteCandidates.contains(from)) {
                validatedCandidate(from);
            }
        }
        return true;
    }

    private void validatedCandidate(InetSocketAddress peerReflexive) {
        List<InetSocketAddress> candidates = new ArrayList<>(remoteCandidates);
        candidates.add(peerReflexive);
        remoteCandidates = List.copyOf(candidates);
    }

    private boolean onResponse(long now, InetSocketAddress from) {
        Pending match = null;
        for (Pending p : pending) {
            if (message.transactionIdEquals(p.id())) {
                match = p;
                break;
            }
        }
        if (match == null || remoteKey == null || !MessageIntegrity.verify(message, remoteKey)) {
            return false;
        }
        pending.remove(match);
        if (message.messageType() == StunMessageType.BINDING_ERROR) {
            int index = message.indexOf(StunAttributeType.ERROR_CODE);
            int code = 0;
            try {
                code = index < 0 ? 0 : ErrorCode.code(message, index);
            } catch (StunParseException e) {
                code = 0;
            }
            if (code == ErrorCode.ROLE_CONFLICT) {
                roleConflicts++;
                role = role == Role.CONTROLLING ? Role.CONTROLLED : Role.CONTROLLING;
                nextCheckAt = now;
            }
            return true;
        }
        checksAnswered++;
        if (selected != null) {
            consentAnswers++;
            return true;
        }
        if (validated == null) {
            validated = match.to();
            nextCheckAt = now;
        }
        if (match.nominating()) {
            select(now, match.to());
        }
        return true;
    }

    private void select(long now, InetSocketAddress remote) {
        selected = remote;
        selectedAt = now;
        nextConsentAt = now + CONSENT_MIN_NANOS + (long) (random.nextDouble() * CONSENT_SPREAD_NANOS);
        pending.clear();
    }

    private void sendCheck(long now, InetSocketAddress to, boolean nominate, ByteBufAllocator alloc, Sink out) {
        expire(now);
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        ByteBuf check = alloc.directBuffer(160);
        writer.begin(check, StunMessageType.BINDING_REQUEST, id);
        TextAttribute.addTo(writer, StunAttributeType.USERNAME, remoteUfrag + ":" + localUfrag);
        writer.putInt(StunAttributeType.PRIORITY, PRFLX_PRIORITY);
        int roleStart = writer.beginAttribute(role == Role.CONTROLLING
                ? StunAttributeType.ICE_CONTROLLING : StunAttributeType.ICE_CONTROLLED);
        check.writeLong(tieBreaker);
        writer.endAttribute(roleStart);
        if (nominate) {
            writer.putEmpty(StunAttributeType.USE_CANDIDATE);
        }
        MessageIntegrity.addTo(writer, remoteKey);
        Fingerprint.addTo(writer);
        writer.finish();
        pending.add(new Pending(id, to, nominate, now));
        checksSent++;
        out.sendStun(check, to);
    }

    /** Forgets transactions older than 30 s (RFC 7675 §5.1: consent lapses after 30 s without answers). */
    private void expire(long now) {
        pending.removeIf(p -> now - p.sentAt() > TimeUnit.SECONDS.toNanos(30));
    }
}
