package io.edgeway.turn.client;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithm;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunClass;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunMethod;
import io.edgeway.stun.codec.StunParseException;
import io.edgeway.turn.wire.ChannelData;
import io.edgeway.turn.wire.TurnAttributes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One TURN allocation seen from the client (RFC 8656), sans I/O: it writes Allocate, Refresh,
 * CreatePermission and ChannelBind requests, Send indications and ChannelData into buffers the caller
 * supplies, and reads what the caller received from the server.
 *
 * <p>Theory of operation. One request is outstanding at a time (the "pending" transaction). A request
 * is written by {@code writeAllocate}/{@code writeRefresh}/{@code writeCreatePermission}/
 * {@code writeChannelBind}; its answer comes back through {@link #onReceive} as an event:
 * <ul>
 *   <li>{@link TurnClientEvent#RETRY}: the server challenged (401) or found the nonce stale (438); the
 *       session took the new REALM and NONCE and the caller sends {@link #writePending} again.
 *       The first Allocate goes out without credentials and always takes this path (RFC 8489 §9.2.3);
 *       later requests reuse the learned realm and nonce.</li>
 *   <li>{@code ALLOCATED}, {@code REFRESHED}, {@code DEALLOCATED}, {@code PERMISSION_CREATED},
 *       {@code CHANNEL_BOUND}: success; the pending transaction is over.</li>
 *   <li>{@link TurnClientEvent#FAILED}: an error response, or no answer in time.</li>
 * </ul>
 * On datagram transports the caller also drives retransmission: it calls {@link #onTimeout} at
 * {@link #nextDeadline()} and, on {@link TurnClientEvent#RETRANSMIT}, sends {@link #writePending}
 * (same transaction id). On streams there is no retransmission, only the overall timeout
 * (RFC 8489 §6.2.2).
 *
 * <p>Data: {@link #writeChannelData} and {@link #writeSendIndication} frame application data;
 * {@link #onReceive} answers {@link TurnClientEvent#DATA} for ChannelData on a bound channel and for
 * Data indications, and {@link #dataOffset()}/{@link #dataLength()} point into the received buffer.
 * Neither path allocates.
 *
 * <p>Ownership: every method <em>borrows</em> the buffers it is given; written bytes are appended at
 * the writer index. Offsets and {@link #dataPeer()} are valid until the received buffer is released or
 * {@link #onReceive} is called again. Confined to one thread: not thread-safe.
 */
public final class TurnClientSession {

    /** RFC 8489 §6.2.1: initial retransmission timeout (RTO) of a datagram transaction. */
    public static final long INITIAL_RTO_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** RFC 8489 §6.2.1: Rc, requests sent in total before giving up. */
    static final int MAX_TRANSMISSIONS = 7;
    /** RFC 8489 §6.2.1: Rm, the last wait is this many RTOs. */
    static final int LAST_WAIT_RTOS = 16;
    /** RFC 8489 §6.2.2: a transaction over a reliable transport times out after 39.5 s. */
    static final long STREAM_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(39_500);
    /** 401/438 answers in a row for one request before it is given up (a server that never accepts). */
    static final int MAX_AUTH_RETRIES = 3;
    private static final int[] SUPPORTED_ALGORITHMS = {PasswordAlgorithms.SHA256, PasswordAlgorithms.MD5};
    private static final int NO_ALGORITHM = 0;

    private final TurnClientCredentials credentials;
    private final boolean stream;
    private final RandomGenerator random;
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessage message = new StunMessage();
    private final IntObjectHashMap<InetSocketAddress> channels = new IntObjectHashMap<>();

    // Long-term credential state learned from the server (RFC 8489 §9.2).
    private String realm;
    private String nonce;
    private byte[] key;
    private int passwordAlgorithm = NO_ALGORITHM;
    private byte[] passwordAlgorithmsValue;

    // The pending transaction.
    private int pendingType = -1;
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private long pendingLifetime;
    private InetSocketAddress pendingPeer;
    private int pendingChannel;
    private boolean pendingAuthenticated;
    private int authRetries;
    private int transmissions;
    private long rto;
    private long deadline = Long.MAX_VALUE;

    // Results.
    private boolean allocated;
    private InetSocketAddress relayedAddress;
    private InetSocketAddress mappedAddress;
    private long lifetimeSeconds;
    private int errorCode;
    private String errorReason = "";

    // The last DATA event.
    private int dataOffset;
    private int dataLength;
    private int dataChannel = -1;
    private int dataPeerIndex = -1;

    // Send indications: one transaction id for all (RFC 8656 §11.1 needs none per message), and the
    // XOR-PEER-ADDRESS value encoded once per peer.
    private final byte[] indicationTransactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private InetSocketAddress indicationPeer;
    private byte[] indicationPeerValue;

    /**
     * @param credentials long-term credentials to present
     * @param stream      true on TCP/TLS: ChannelData is padded and requests are not retransmitted
     * @param random      source of transaction ids
     */
    public TurnClientSession(TurnClientCredentials credentials, boolean stream, RandomGenerator random) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.stream = stream;
        this.random = Objects.requireNonNull(random, "random");
        random.nextBytes(indicationTransactionId);
    }

    // ------------------------------------------------------------------------------------------ requests

    /**
     * Writes an Allocate request for a UDP relay (RFC 8656 §7.1); {@code lifetimeSeconds} 0 asks for the
     * server's default. Returns the bytes written.
     */
    public int writeAllocate(ByteBuf out, long now, long lifetimeSeconds) {
        return start(StunMessageType.ALLOCATE_REQUEST, out, now, lifetimeSeconds, null, 0);
    }

    /** Writes a Refresh request (RFC 8656 §8.1); lifetime 0 deletes the allocation. */
    public int writeRefresh(ByteBuf out, long now, long lifetimeSeconds) {
        requireAllocated();
        return start(StunMessageType.REFRESH_REQUEST, out, now, lifetimeSeconds, null, 0);
    }

    /** Writes a CreatePermission request for the peer's IP address (RFC 8656 §10.1). */
    public int writeCreatePermission(ByteBuf out, long now, InetSocketAddress peer) {
        requireAllocated();
        return start(StunMessageType.CREATE_PERMISSION_REQUEST, out, now, 0, Objects.requireNonNull(peer), 0);
    }

    /**
     * Writes a ChannelBind request (RFC 8656 §11.1); it also installs or refreshes the permission for
     * the peer's IP address. RFC 8656 §12: channel numbers are 0x4000-0x4FFF.
     */
    public int writeChannelBind(ByteBuf out, long now, int channel, InetSocketAddress peer) {
        requireAllocated();
        if (!ChannelData.isChannelNumber(channel)) {
            throw new IllegalArgumentException("channel number outside 0x4000-0x4FFF: " + channel);
        }
        return start(StunMessageType.CHANNEL_BIND_REQUEST, out, now, 0, Objects.requireNonNull(peer), channel);
    }

    private int start(int type, ByteBuf out, long now, long lifetime, InetSocketAddress peer, int channel) {
        if (pendingType >= 0) {
            throw new IllegalStateException("a " + StunMessageType.toString(pendingType) + " is still pending");
        }
        pendingType = type;
        pendingLifetime = lifetime;
        pendingPeer = peer;
        pendingChannel = channel;
        authRetries = 0;
        newTransaction();
        return writePending(out, now);
    }

    private void newTransaction() {
        random.nextBytes(transactionId);
        transmissions = 0;
        rto = INITIAL_RTO_NANOS;
    }

    /**
     * Writes the pending request: again with the same transaction id after {@link TurnClientEvent#RETRANSMIT},
     * or as the new authenticated transaction after {@link TurnClientEvent#RETRY}. Returns the bytes written.
     */
    public int writePending(ByteBuf out, long now) {
        if (pendingType < 0) {
            throw new IllegalStateException("no request is pending");
        }
        writer.begin(out, pendingType, transactionId);
        int method = StunMessageType.method(pendingType);
        switch (method) {
            case StunMethod.ALLOCATE:
                // RFC 8656 §7.1: REQUESTED-TRANSPORT is mandatory; UDP is the only relay this client asks for.
                TurnAttributes.addRequestedTransport(writer, TurnAttributes.UDP);
                if (pendingLifetime > 0) {
                    TurnAttributes.addLifetime(writer, pendingLifetime);
                }
                break;
            case StunMethod.REFRESH:
                // RFC 8656 §8.1: without LIFETIME the server applies its default; 0 must be sent explicitly.
                TurnAttributes.addLifetime(writer, pendingLifetime);
                break;
            case StunMethod.CHANNEL_BIND:
                TurnAttributes.addChannelNumber(writer, pendingChannel);
                XorAddress.addTo(writer, StunAttributeType.XOR_PEER_ADDRESS, pendingPeer);
                break;
            default:
                XorAddress.addTo(writer, StunAttributeType.XOR_PEER_ADDRESS, pendingPeer);
                break;
        }
        pendingAuthenticated = key != null;
        if (pendingAuthenticated) {
            addCredentials();
        }
        int length = writer.finish();
        transmissions++;
        if (stream) {
            deadline = now + STREAM_TIMEOUT_NANOS;
        } else if (transmissions < MAX_TRANSMISSIONS) {
            deadline = now + rto;
            rto *= 2;
        } else {
            // RFC 8489 §6.2.1: after the last transmission wait Rm times the initial RTO.
            deadline = now + LAST_WAIT_RTOS * INITIAL_RTO_NANOS;
        }
        return length;
    }

    /** USERNAME, REALM, NONCE, the password algorithm choice and the integrity attribute (RFC 8489 §9.2.3). */
    private void addCredentials() {
        TextAttribute.addTo(writer, StunAttributeType.USERNAME, credentials.username());
        TextAttribute.addTo(writer, StunAttributeType.REALM, realm);
        TextAttribute.addTo(writer, StunAttributeType.NONCE, nonce);
        if (passwordAlgorithm != NO_ALGORITHM) {
            // RFC 8489 §9.2.5: echo the server's PASSWORD-ALGORITHMS unchanged, name the chosen one.
            writer.putBytes(StunAttributeType.PASSWORD_ALGORITHMS, passwordAlgorithmsValue);
            PasswordAlgorithm.addTo(writer, passwordAlgorithm);
        }
        if (passwordAlgorithm == PasswordAlgorithms.SHA256) {
            MessageIntegritySha256.addTo(writer, key);
        } else {
            MessageIntegrity.addTo(writer, key);
        }
    }

    private void requireAllocated() {
        if (!allocated) {
            throw new IllegalStateException("no allocation");
        }
    }

    // ---------------------------------------------------------------------------------------------- data

    /**
     * Writes a ChannelData message (RFC 8656 §12.4) carrying {@code length} bytes of {@code data} from
     * {@code from}, padded to four bytes on streams (§12.5). Returns the bytes written. Allocates nothing.
     */
    public int writeChannelData(ByteBuf out, int channel, ByteBuf data, int from, int length) {
        int start = out.writerIndex();
        out.writeInt(0);
        ChannelData.writeHeader(out, start, channel, length);
        out.writeBytes(data, from, length);
        if (stream) {
            out.writeZero(ChannelData.paddedLength(length) - length);
        }
        return out.writerIndex() - start;
    }

    /**
     * Writes a Send indication (RFC 8656 §11.1) carrying {@code length} bytes of {@code data} from
     * {@code from} to {@code peer}; a permission for the peer's IP must exist. Returns the bytes written.
     * Allocates only when the peer differs from the previous call's.
     */
    public int writeSendIndication(ByteBuf out, InetSocketAddress peer, ByteBuf data, int from, int length) {
        if (!peer.equals(indicationPeer)) {
            cacheIndicationPeer(peer);
        }
        writer.begin(out, StunMessageType.SEND_INDICATION, indicationTransactionId);
        writer.putBytes(StunAttributeType.XOR_PEER_ADDRESS, indicationPeerValue);
        TurnAttributes.addData(writer, data, from, length);
        return writer.finish();
    }

    /** Encodes XOR-PEER-ADDRESS once: with a fixed transaction id its value never changes. */
    private void cacheIndicationPeer(InetSocketAddress peer) {
        ByteBuf scratch = Unpooled.buffer(64);
        try {
            writer.begin(scratch, StunMessageType.SEND_INDICATION, indicationTransactionId);
            XorAddress.addTo(writer, StunAttributeType.XOR_PEER_ADDRESS, peer);
            byte[] value = new byte[scratch.getUnsignedShort(StunMessage.HEADER_LENGTH + 2)];
            scratch.getBytes(StunMessage.HEADER_LENGTH + 4, value);
            indicationPeerValue = value;
            indicationPeer = peer;
        } finally {
            scratch.release();
        }
    }

    // ------------------------------------------------------------------------------------------- receive

    /**
     * Reads one message from the server: a datagram, or one frame cut by {@link TurnStreamFraming}.
     * Malformed input, stray responses and responses that fail their integrity check give
     * {@link TurnClientEvent#NONE}; nothing throws.
     */
    public TurnClientEvent onReceive(long now, ByteBuf buf, int offset, int length) {
        if (length >= ChannelData.HEADER_LENGTH && ChannelData.looksLikeChannelData(buf, offset)) {
            return onChannelData(buf, offset, length);
        }
        try {
            message.wrap(buf, offset, length);
        } catch (StunParseException e) {
            return TurnClientEvent.NONE;
        }
        try {
            switch (message.stunClass()) {
                case StunClass.INDICATION:
                    return message.method() == StunMethod.DATA ? onDataIndication() : TurnClientEvent.NONE;
                case StunClass.SUCCESS_RESPONSE:
                case StunClass.ERROR_RESPONSE:
                    return onResponse();
                default:
                    return TurnClientEvent.NONE;
            }
        } catch (StunParseException e) {
            // A response with a malformed attribute is discarded like a corrupted one; the timer stays.
            return TurnClientEvent.NONE;
        }
    }

    private TurnClientEvent onChannelData(ByteBuf buf, int offset, int length) {
        if (!ChannelData.isWellFormed(buf, offset, length)) {
            return TurnClientEvent.NONE;
        }
        int channel = ChannelData.channelNumber(buf, offset);
        if (!channels.containsKey(channel)) {
            // RFC 8656 §12.6: ChannelData on a channel this client has not bound is discarded.
            return TurnClientEvent.NONE;
        }
        dataChannel = channel;
        dataOffset = ChannelData.dataOffset(offset);
        dataLength = ChannelData.dataLength(buf, offset);
        dataPeerIndex = -1;
        return TurnClientEvent.DATA;
    }

    private TurnClientEvent onDataIndication() throws StunParseException {
        // RFC 8656 §11.6: a Data indication without XOR-PEER-ADDRESS or DATA is discarded.
        int peer = message.indexOf(StunAttributeType.XOR_PEER_ADDRESS);
        int data = message.indexOf(StunAttributeType.DATA);
        if (peer < 0 || data < 0) {
            return TurnClientEvent.NONE;
        }
        XorAddress.family(message, peer);
        dataChannel = -1;
        dataPeerIndex = peer;
        dataOffset = TurnAttributes.dataOffset(message, data);
        dataLength = TurnAttributes.dataLength(message, data);
        return TurnClientEvent.DATA;
    }

    private TurnClientEvent onResponse() throws StunParseException {
        if (pendingType < 0 || !message.transactionIdEquals(transactionId)
                || message.method() != StunMessageType.method(pendingType)) {
            // A late answer to an earlier transmission, or nothing this session asked for.
            return TurnClientEvent.NONE;
        }
        if (!integrityAcceptable()) {
            // RFC 8489 §9.2.5: a response whose integrity does not verify is discarded as if never received.
            return TurnClientEvent.NONE;
        }
        if (message.stunClass() == StunClass.SUCCESS_RESPONSE) {
            return onSuccess();
        }
        int index = message.indexOf(StunAttributeType.ERROR_CODE);
        int code = index < 0 ? ErrorCode.SERVER_ERROR : ErrorCode.code(message, index);
        String reason = index < 0 ? "" : ErrorCode.reasonPhrase(message, index);
        boolean challenge = code == ErrorCode.UNAUTHENTICATED && !pendingAuthenticated;
        if ((challenge || code == ErrorCode.STALE_NONCE) && authRetries < MAX_AUTH_RETRIES && learnChallenge()) {
            // RFC 8489 §9.2.5: retry with the new NONCE (and REALM) as a new transaction.
            authRetries++;
            newTransaction();
            return TurnClientEvent.RETRY;
        }
        if (code == ErrorCode.ALLOCATION_MISMATCH && pendingType == StunMessageType.REFRESH_REQUEST
                && pendingLifetime == 0) {
            // RFC 8656 §8.3: 437 to a deleting Refresh means the allocation is already gone.
            allocated = false;
            channels.clear();
            endTransaction();
            return TurnClientEvent.DEALLOCATED;
        }
        errorCode = code;
        errorReason = reason;
        endTransaction();
        return TurnClientEvent.FAILED;
    }

    /**
     * Success responses to authenticated requests must carry integrity that verifies with our key;
     * error responses are checked when they carry integrity (401 and 438 do not).
     */
    private boolean integrityAcceptable() {
        boolean hasSha256 = message.integritySha256Index() >= 0;
        boolean hasSha1 = message.integrityIndex() >= 0;
        if (!hasSha256 && !hasSha1) {
            return !(pendingAuthenticated && message.stunClass() == StunClass.SUCCESS_RESPONSE);
        }
        if (key == null) {
            return message.stunClass() == StunClass.ERROR_RESPONSE;
        }
        return hasSha256 ? MessageIntegritySha256.verify(message, key) : MessageIntegrity.verify(message, key);
    }

    /** Takes REALM, NONCE and PASSWORD-ALGORITHMS from a 401 or 438; false when they are missing. */
    private boolean learnChallenge() throws StunParseException {
        String newNonce = TextAttribute.readFirst(message, StunAttributeType.NONCE);
        String newRealm = TextAttribute.readFirst(message, StunAttributeType.REALM);
        if (newNonce == null || (newRealm == null && realm == null)) {
            return false;
        }
        nonce = newNonce;
        int algorithm = NO_ALGORITHM;
        byte[] algorithmsValue = null;
        int features = NonceService.securityFeatures(newNonce);
        int listIndex = message.indexOf(StunAttributeType.PASSWORD_ALGORITHMS);
        if (features >= 0 && (features & NonceService.PASSWORD_ALGORITHMS) != 0 && listIndex >= 0) {
            // RFC 8489 §9.2.5: with the nonce cookie's password-algorithms bit the client picks from the list.
            for (int supported : SUPPORTED_ALGORITHMS) {
                if (PasswordAlgorithms.contains(message, listIndex, supported)) {
                    algorithm = supported;
                    break;
                }
            }
            if (algorithm == NO_ALGORITHM) {
                return false;
            }
            algorithmsValue = new byte[message.valueLength(listIndex)];
            message.buffer().getBytes(message.valueOffset(listIndex), algorithmsValue);
        }
        boolean keyChanges = key == null || (newRealm != null && !newRealm.equals(realm))
                || algorithm != passwordAlgorithm;
        if (newRealm != null) {
            realm = newRealm;
        }
        passwordAlgorithm = algorithm;
        passwordAlgorithmsValue = algorithmsValue;
        if (keyChanges) {
            key = credentials.key(realm, algorithm == NO_ALGORITHM ? PasswordAlgorithms.MD5 : algorithm);
        }
        return true;
    }

    private TurnClientEvent onSuccess() throws StunParseException {
        int method = StunMessageType.method(pendingType);
        TurnClientEvent event;
        switch (method) {
            case StunMethod.ALLOCATE: {
                int relayed = message.indexOf(StunAttributeType.XOR_RELAYED_ADDRESS);
                int life = message.indexOf(StunAttributeType.LIFETIME);
                if (relayed < 0 || life < 0) {
                    throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                            "Allocate success without XOR-RELAYED-ADDRESS or LIFETIME");
                }
                relayedAddress = XorAddress.read(message, relayed);
                int mapped = message.indexOf(StunAttributeType.XOR_MAPPED_ADDRESS);
                mappedAddress = mapped < 0 ? null : XorAddress.read(message, mapped);
                lifetimeSeconds = TurnAttributes.lifetime(message, life);
                allocated = true;
                event = TurnClientEvent.ALLOCATED;
                break;
            }
            case StunMethod.REFRESH: {
                int life = message.indexOf(StunAttributeType.LIFETIME);
                lifetimeSeconds = life < 0 ? pendingLifetime : TurnAttributes.lifetime(message, life);
                if (pendingLifetime == 0) {
                    allocated = false;
                    channels.clear();
                    event = TurnClientEvent.DEALLOCATED;
                } else {
                    event = TurnClientEvent.REFRESHED;
                }
                break;
            }
            case StunMethod.CHANNEL_BIND:
                channels.put(pendingChannel, pendingPeer);
                event = TurnClientEvent.CHANNEL_BOUND;
                break;
            default:
                event = TurnClientEvent.PERMISSION_CREATED;
                break;
        }
        endTransaction();
        return event;
    }

    private void endTransaction() {
        pendingType = -1;
        pendingPeer = null;
        deadline = Long.MAX_VALUE;
    }

    // -------------------------------------------------------------------------------------------- timers

    /** When {@link #onTimeout} must next be called, in the caller's nanoseconds; Long.MAX_VALUE when idle. */
    public long nextDeadline() {
        return deadline;
    }

    /**
     * Runs the transaction timer: {@link TurnClientEvent#RETRANSMIT} when a datagram request must be sent
     * again ({@link #writePending}), {@link TurnClientEvent#FAILED} with error code 0 when the transaction
     * has timed out, {@link TurnClientEvent#NONE} when nothing is due.
     */
    public TurnClientEvent onTimeout(long now) {
        if (pendingType < 0 || now < deadline) {
            return TurnClientEvent.NONE;
        }
        if (!stream && transmissions < MAX_TRANSMISSIONS) {
            return TurnClientEvent.RETRANSMIT;
        }
        errorCode = 0;
        errorReason = "timeout";
        endTransaction();
        return TurnClientEvent.FAILED;
    }

    /** Forgets the pending request without an answer (the caller is shutting down). */
    public void abandon() {
        endTransaction();
    }

    // ----------------------------------------------------------------------------------------- accessors

    /** Whether a request awaits its answer. */
    public boolean hasPendingRequest() {
        return pendingType >= 0;
    }

    /** The pending request's STUN method ({@link StunMethod}), or -1. */
    public int pendingMethod() {
        return pendingType < 0 ? -1 : StunMessageType.method(pendingType);
    }

    public boolean isAllocated() {
        return allocated;
    }

    /** XOR-RELAYED-ADDRESS of the allocation (the first one when the server relays two families). */
    public InetSocketAddress relayedAddress() {
        return relayedAddress;
    }

    /** XOR-MAPPED-ADDRESS from the Allocate response: this client as the server sees it; may be null. */
    public InetSocketAddress mappedAddress() {
        return mappedAddress;
    }

    /** LIFETIME granted by the last successful Allocate or Refresh, in seconds. */
    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** The REALM learned from the server, or null before the first challenge. */
    public String realm() {
        return realm;
    }

    /** ERROR-CODE of the last {@link TurnClientEvent#FAILED}; 0 for a timeout. */
    public int errorCode() {
        return errorCode;
    }

    public String errorReason() {
        return errorReason;
    }

    /** Whether {@code channel} is bound by a successful ChannelBind of this session. */
    public boolean isChannelBound(int channel) {
        return channels.containsKey(channel);
    }

    /** Absolute offset of the last DATA event's application data in the received buffer. */
    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }

    /** The channel of the last DATA event, or -1 when it came as a Data indication. */
    public int dataChannel() {
        return dataChannel;
    }

    /** The peer that sent the last DATA event. Allocates for a Data indication; call before releasing the buffer. */
    public InetSocketAddress dataPeer() {
        if (dataChannel >= 0) {
            return channels.get(dataChannel);
        }
        try {
            return dataPeerIndex < 0 ? null : XorAddress.read(message, dataPeerIndex);
        } catch (StunParseException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TurnClientSession{user=" + credentials.username() + ", allocated=" + allocated
                + ", relayed=" + relayedAddress + ", pending="
                + (pendingType < 0 ? "none" : StunMessageType.toString(pendingType)) + "}";
    }
}
