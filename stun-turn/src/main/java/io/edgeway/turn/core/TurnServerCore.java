package io.edgeway.turn.core;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.transport.RelayPortAllocator;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.codec.ClassicStunBinding;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunClass;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunMethod;
import io.edgeway.stun.codec.StunParseException;
import io.edgeway.stun.codec.UnderstoodAttributes;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.policy.PeerPolicy;
import io.edgeway.turn.policy.SourceRateLimiter;
import io.edgeway.turn.wire.ChannelData;
import io.edgeway.turn.wire.TurnAttributes;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The TURN/STUN protocol engine of one event loop (RFC 8489, RFC 8656), with no I/O of its own: the
 * transport layer hands it datagrams and stream frames with the batch's clock reading, and it answers
 * through {@link TurnClient#send} and {@link RelayEndpoint#send}.
 *
 * <h2>Theory of operation</h2>
 * Dispatch follows pion/turn: ChannelData first (the hot path, {@link #onChannelData}), then STUN by
 * class and method ({@link #onStunMessage}); the unknown comprehension-required attribute check runs
 * before any request handler. Requests on an allocation are authenticated with long-term credentials
 * ({@link TurnAuthenticator}). Datagrams from peers arrive at {@link #onPeerDatagram}, are checked
 * against the allocation's permissions and go to the client as ChannelData when a channel is bound to
 * the peer, else as a Data indication.
 *
 * <p>Expiry is lazy: allocations, permissions and channels store deadlines that are checked on use,
 * and {@link #onTimeout} (driven once a second by the transport layer) sweeps what expired.
 *
 * <h2>Threading and buffers</h2>
 * Confined to one event loop; every allocation it creates lives on that loop, so nothing is locked.
 * Inbound buffers are <em>borrowed</em>: the core never releases them, and retains a slice of what it
 * forwards. Per packet on the forwarding paths it allocates no objects of its own and logs nothing.
 */
public final class TurnServerCore {

    /** RFC 8656's attributes, and ICE's, which mean nothing to a TURN server but are harmless in a Binding. */
    private static final UnderstoodAttributes UNDERSTOOD = UnderstoodAttributes.stunPlus(
            StunAttributeType.CHANNEL_NUMBER, StunAttributeType.LIFETIME, StunAttributeType.XOR_PEER_ADDRESS,
            StunAttributeType.DATA, StunAttributeType.XOR_RELAYED_ADDRESS, StunAttributeType.REQUESTED_ADDRESS_FAMILY,
            StunAttributeType.EVEN_PORT, StunAttributeType.REQUESTED_TRANSPORT, StunAttributeType.DONT_FRAGMENT,
            StunAttributeType.RESERVATION_TOKEN, StunAttributeType.PRIORITY, StunAttributeType.USE_CANDIDATE);

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_RELAY_BIND_ATTEMPTS = 16;

    private final TurnServerContext context;
    private final TurnServerConfig config;
    private final RelaySockets relaySockets;
    private final TurnCounters counters;
    private final TurnResponder responder;
    private final TurnAuthenticator authenticator;
    private final SourceRateLimiter unauthenticatedLimiter;
    private final StunMessage message = new StunMessage();
    private final StunMessageWriter indicationWriter = new StunMessageWriter();
    private final byte[] indicationTransactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private final int[] unknownAttributes = new int[StunMessage.MAX_ATTRIBUTES];
    private final ArrayList<Allocation> allocations = new ArrayList<>();
    private long nowNanos;

    public TurnServerCore(TurnServerContext context, RelaySockets relaySockets, TurnCounters counters) {
        this.context = context;
        this.config = context.config();
        this.relaySockets = relaySockets;
        this.counters = counters;
        this.responder = new TurnResponder(context);
        // Seeded from the injected random source (SecureRandom in production) so that tests are
        // deterministic about which sources share a bucket, as for every other random choice here.
        this.unauthenticatedLimiter = new SourceRateLimiter(config.unauthenticatedRequestsPerSecond(),
                config.unauthenticatedBurst(), 4096, context.random().nextInt());
        this.authenticator = new TurnAuthenticator(context, responder, counters, this::admitUnauthenticated);
        context.random().nextBytes(indicationTransactionId);
    }

    public TurnCounters counters() {
        return counters;
    }

    public TurnServerContext context() {
        return context;
    }

    /** Allocations owned by this core. */
    public int allocationCount() {
        return allocations.size();
    }

    // ---------------------------------------------------------------------------------------------
    // Client -> server
    // ---------------------------------------------------------------------------------------------

    /**
     * A STUN message from a client. Borrows {@code buf}. Malformed messages are counted and dropped.
     */
    public void onStunMessage(long now, TurnClient client, ByteBuf buf, int offset, int length) {
        this.nowNanos = now;
        try {
            message.wrap(buf, offset, length);
        } catch (StunParseException e) {
            if (e.reason() == StunParseException.Reason.NOT_STUN
                    && ClassicStunBinding.isAnswerableRequest(buf, offset, length)) {
                onClassicBinding(client, buf, offset);
            } else {
                counters.count(TurnEvent.DROP_MALFORMED);
            }
            return;
        }
        // The outcome of the previous message's authentication must not leak into this one's error path.
        authenticator.reset();
        try {
            switch (message.stunClass()) {
                case StunClass.REQUEST:
                    onRequest(client);
                    break;
                case StunClass.INDICATION:
                    if (message.method() == StunMethod.SEND) {
                        onSendIndication(client);
                    } else {
                        counters.count(TurnEvent.DROP_UNEXPECTED_MESSAGE);
                    }
                    break;
                default:
                    // Responses are never sent to a server.
                    counters.count(TurnEvent.DROP_UNEXPECTED_MESSAGE);
                    break;
            }
        } catch (StunParseException e) {
            // An attribute with a bad value: RFC 8489 §6.3.1 answers a request with 400, drops the rest.
            if (message.isRequest() && authenticator.key != null) {
                // The request had already authenticated: RFC 8489 §9.2.4 protects the answer with the same
                // key, or the client discards it (§9.2.5) and retransmits until it gives up.
                counters.count(TurnEvent.REQUEST_REJECTED);
                responder.error(client, message, ErrorCode.BAD_REQUEST, authenticator.key, authenticator.sha256);
            } else if (message.isRequest() && admitUnauthenticated(client)) {
                counters.count(TurnEvent.REQUEST_REJECTED);
                responder.error(client, message, ErrorCode.BAD_REQUEST, null, false);
            } else {
                counters.count(TurnEvent.DROP_MALFORMED);
            }
        }
    }

    private void onRequest(TurnClient client) throws StunParseException {
        int unknown = UNDERSTOOD.collectUnknown(message, unknownAttributes);
        if (unknown > 0) {
            // RFC 8489 §6.3.1.1: unknown comprehension-required attributes -> 420 listing them.
            if (admitUnauthenticated(client)) {
                counters.count(TurnEvent.UNKNOWN_ATTRIBUTE_REJECTED);
                responder.unknownAttributes(client, message, unknownAttributes, unknown);
            }
            return;
        }
        switch (message.method()) {
            case StunMethod.BINDING:
                onBinding(client);
                break;
            case StunMethod.ALLOCATE:
                onAllocate(client);
                break;
            case StunMethod.REFRESH:
                onRefresh(client);
                break;
            case StunMethod.CREATE_PERMISSION:
                onCreatePermission(client);
                break;
            case StunMethod.CHANNEL_BIND:
                onChannelBind(client);
                break;
            default:
                // Connect/ConnectionBind (RFC 6062) and unknown methods.
                if (admitUnauthenticated(client)) {
                    counters.count(TurnEvent.REQUEST_REJECTED);
                    responder.error(client, message, ErrorCode.BAD_REQUEST, null, false);
                }
                break;
        }
    }


    /** Per-source budget for answers to unauthenticated requests: this server is not an amplifier. */
    private boolean admitUnauthenticated(TurnClient client) {
        if (unauthenticatedLimiter.tryAcquire(client.remoteAddress().getAddress(), nowNanos)) {
            return true;
        }
        counters.count(TurnEvent.DROP_RATE_LIMITED);
        return false;
    }

    /** RFC 8489 §7.3: a Binding request is answered with the source address as XOR-MAPPED-ADDRESS. */
    private void onBinding(TurnClient client) {
        if (!admitUnauthenticated(client)) {
            return;
        }
        StunMessageWriter w = responder.success(client, message);
        XorAddress.addTo(w, StunAttributeType.XOR_MAPPED_ADDRESS, client.remoteAddress());
        counters.count(TurnEvent.BINDING_ANSWERED);
        responder.send(client, message, null, false, true);
    }

    /**
     * RFC 8489 §12: an RFC 3489 client's Binding request (no magic cookie) is answered with MAPPED-ADDRESS,
     * under the same per-source budget as any other unauthenticated answer.
     */
    private void onClassicBinding(TurnClient client, ByteBuf buf, int offset) {
        if (!admitUnauthenticated(client)) {
            return;
        }
        responder.classicBindingSuccess(client, buf, offset);
        counters.count(TurnEvent.BINDING_ANSWERED);
    }

    // ---------------------------------------------------------------------------------------------
    // Allocate (RFC 8656 §7.2)
    // ---------------------------------------------------------------------------------------------

    private void onAllocate(TurnClient client) throws StunParseException {
        Allocation existing = liveAllocation(client);
        // Step 1: long-term credentials.
        if (!authenticator.authenticate(client, message, null)) {
            return;
        }
        byte[] key = authenticator.key;
        boolean sha256 = authenticator.sha256;
        // Step 2: one allocation per 5-tuple; a retransmitted Allocate gets the same answer again.
        if (existing != null) {
            if (message.transactionIdEquals(existing.allocateTransactionId())) {
                // The first answer may have been lost: repeat all of it, the reservation token included,
                // or a client that asked for a port pair could never claim the second port.
                sendAllocateSuccess(client, existing, existing.reservationToken, existing.answeredWithToken,
                        existing.additionalFamilyError);
            } else {
                refuse(client, ErrorCode.ALLOCATION_MISMATCH, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            }
            return;
        }
        // A draining server keeps its allocations but takes no new ones (RFC 8656 §7.2: 508 is the
        // answer for "cannot allocate now", and clients then try another server).
        if (context.draining()) {
            refuse(client, ErrorCode.INSUFFICIENT_CAPACITY, key, sha256, TurnEvent.ALLOCATION_REFUSED_DRAINING);
            return;
        }
        // Step 3: REQUESTED-TRANSPORT must be present and UDP (TCP relaying, RFC 6062, is not offered).
        int transportIndex = message.indexOf(StunAttributeType.REQUESTED_TRANSPORT);
        if (transportIndex < 0) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            return;
        }
        if (TurnAttributes.requestedTransport(message, transportIndex) != TurnAttributes.UDP) {
            refuse(client, ErrorCode.UNSUPPORTED_TRANSPORT, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            return;
        }
        // Step 4: DONT-FRAGMENT is understood (the relay sockets leave DF to the kernel's PMTU
        // discovery, which sets it on Linux), so it is accepted rather than answered with 420.
        boolean dontFragment = message.has(StunAttributeType.DONT_FRAGMENT);
        // Step 8's lifetime is read now, before any port, socket or quota slot is taken: a malformed
        // LIFETIME throws, and nothing may be held when the 400 goes out.
        long lifetime = desiredLifetimeSeconds(false);

        int evenPortIndex = message.indexOf(StunAttributeType.EVEN_PORT);
        int tokenIndex = message.indexOf(StunAttributeType.RESERVATION_TOKEN);
        int requestedFamilyIndex = message.indexOf(StunAttributeType.REQUESTED_ADDRESS_FAMILY);
        int additionalFamilyIndex = message.indexOf(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY);

        // Step 5: RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY.
        if (tokenIndex >= 0 && (evenPortIndex >= 0 || requestedFamilyIndex >= 0 || additionalFamilyIndex >= 0)) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            return;
        }
        // RFC 8656 §7.2: REQUESTED- and ADDITIONAL-ADDRESS-FAMILY together are a bad request, and
        // ADDITIONAL-ADDRESS-FAMILY may only ask for IPv6.
        if (requestedFamilyIndex >= 0 && additionalFamilyIndex >= 0) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            return;
        }
        int family = requestedFamilyIndex >= 0 ? TurnAttributes.addressFamily(message, requestedFamilyIndex) : 1;
        boolean wantsAdditionalV6 = false;
        if (additionalFamilyIndex >= 0) {
            if (TurnAttributes.addressFamily(message, additionalFamilyIndex) != 2) {
                refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
                return;
            }
            wantsAdditionalV6 = true;
        }
        boolean reserveNext = evenPortIndex >= 0 && TurnAttributes.evenPortReserve(message, evenPortIndex);
        if (reserveNext && wantsAdditionalV6) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            return;
        }

        ReservationTable.Reservation reservation = null;
        if (tokenIndex >= 0) {
            reservation = context.reservations().claim(TurnAttributes.reservationToken(message, tokenIndex), nowNanos);
            if (reservation == null) {
                refuse(client, ErrorCode.INSUFFICIENT_CAPACITY, key, sha256, TurnEvent.ALLOCATION_REFUSED_CAPACITY);
                return;
            }
        } else if (context.relayAddress(family) == null) {
            // RFC 8656 §7.2 step 6: a family this server cannot relay -> 440.
            refuse(client, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED, key, sha256, TurnEvent.ALLOCATION_REFUSED_OTHER);
            return;
        }

        // Step 7: quotas (486).
        String quotaKey = authenticator.credentials.quotaKey();
        if (!context.quotas().tryAcquire(quotaKey)) {
            if (reservation != null) {
                context.portAllocator(reservation.relayAddress()).release(reservation.port());
            }
            refuse(client, ErrorCode.ALLOCATION_QUOTA_REACHED, key, sha256, TurnEvent.ALLOCATION_REFUSED_QUOTA);
            return;
        }

        Allocation allocation = new Allocation(client, authenticator.credentials, key, sha256,
                message.transactionId(), dontFragment, config.maxBytesPerSecond(), nowNanos, counters);
        long reservationToken = 0;
        boolean bound;
        if (reservation != null) {
            bound = bindRelay(allocation, reservation.relayAddress(), reservation.port());
        } else {
            int port = bindRelay(allocation, context.relayAddress(family), evenPortIndex >= 0, reserveNext);
            bound = port > 0;
            if (bound && reserveNext) {
                reservationToken = context.random().nextLong();
                context.reservations().put(reservationToken, context.relayAddress(family), port + 1,
                        nowNanos + ReservationTable.LIFETIME_SECONDS * NANOS_PER_SECOND);
            }
        }
        int additionalFamilyError = -1;
        if (bound && wantsAdditionalV6) {
            InetAddress v6 = context.relayAddress(2);
            if (v6 == null) {
                // RFC 8656 §7.2: the IPv4 allocation succeeds; ADDRESS-ERROR-CODE reports the IPv6 part.
                additionalFamilyError = ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED;
            } else if (bindRelay(allocation, v6, false, false) < 0) {
                additionalFamilyError = ErrorCode.INSUFFICIENT_CAPACITY;
            }
        }
        if (!bound) {
            context.quotas().release(quotaKey);
            releaseRelays(allocation);
            refuse(client, ErrorCode.INSUFFICIENT_CAPACITY, key, sha256, TurnEvent.ALLOCATION_REFUSED_CAPACITY);
            return;
        }

        // Step 8: lifetime (computed above), then the allocation exists.
        allocation.expiresAtNanos(nowNanos + lifetime * NANOS_PER_SECOND);
        allocation.answeredWithToken = reserveNext;
        allocation.reservationToken = reservationToken;
        allocation.additionalFamilyError = additionalFamilyError;
        allocation.coreIndex = allocations.size();
        allocations.add(allocation);
        client.allocation(allocation);
        counters.count(TurnEvent.ALLOCATION_CREATED);
        counters.adjust(TurnCounters.Gauge.ALLOCATIONS, 1);
        sendAllocateSuccess(client, allocation, reservationToken, reserveNext, additionalFamilyError);
        context.allocateDurations().accept(context.clock().nanos() - nowNanos);
    }

    /** Binds a relay socket on a fresh port of {@code address}; returns the port or -1. */
    private int bindRelay(Allocation allocation, InetAddress address, boolean even, boolean reserveNext) {
        RelayPortAllocator ports = context.portAllocator(address);
        for (int attempt = 0; attempt < MAX_RELAY_BIND_ATTEMPTS; attempt++) {
            int port = ports.acquire(even, reserveNext);
            if (port < 0) {
                return -1;
            }
            RelayEndpoint endpoint = relaySockets.open(allocation, address, port);
            if (endpoint != null) {
                attachRelay(allocation, address, port, endpoint);
                return port;
            }
            // Something else on the host holds the port: give it back and try another.
            ports.release(port);
            if (reserveNext) {
                ports.release(port + 1);
            }
        }
        return -1;
    }

    /** Binds the already reserved {@code port} claimed through a RESERVATION-TOKEN. */
    private boolean bindRelay(Allocation allocation, InetAddress address, int port) {
        RelayEndpoint endpoint = relaySockets.open(allocation, address, port);
        if (endpoint == null) {
            context.portAllocator(address).release(port);
            return false;
        }
        attachRelay(allocation, address, port, endpoint);
        return true;
    }

    private void attachRelay(Allocation allocation, InetAddress address, int port, RelayEndpoint endpoint) {
        InetSocketAddress advertised = context.advertised(endpoint.localAddress());
        context.liveRelayPorts().bound(!(address instanceof java.net.Inet4Address), port);
        if (address instanceof java.net.Inet4Address) {
            allocation.relay4 = endpoint;
            allocation.port4 = port;
            allocation.advertised4 = advertised;
        } else {
            allocation.relay6 = endpoint;
            allocation.port6 = port;
            allocation.advertised6 = advertised;
        }
    }

    private void sendAllocateSuccess(TurnClient client, Allocation allocation, long reservationToken,
            boolean withToken, int additionalFamilyError) {
        StunMessageWriter w = responder.success(client, message);
        if (allocation.advertised4 != null) {
            XorAddress.addTo(w, StunAttributeType.XOR_RELAYED_ADDRESS, allocation.advertised4);
        }
        if (allocation.advertised6 != null) {
            XorAddress.addTo(w, StunAttributeType.XOR_RELAYED_ADDRESS, allocation.advertised6);
        }
        TurnAttributes.addLifetime(w, remainingSeconds(allocation));
        if (withToken) {
            TurnAttributes.addReservationToken(w, reservationToken);
        }
        if (additionalFamilyError > 0) {
            TurnAttributes.addAddressErrorCode(w, 2, additionalFamilyError);
        }
        XorAddress.addTo(w, StunAttributeType.XOR_MAPPED_ADDRESS, client.remoteAddress());
        responder.send(client, message, allocation.integrityKey(), allocation.sha256Integrity(), true);
    }

    private long remainingSeconds(Allocation allocation) {
        long remaining = allocation.expiresAtNanos() - nowNanos;
        return Math.max(0, (remaining + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    /**
     * RFC 8656 §7.2 step 8 and §7.3: min(requested, maximum), but never below the default; 0 means
     * delete on a Refresh and nothing special on an Allocate (which then gets the default). Without
     * LIFETIME the default applies.
     */
    private long desiredLifetimeSeconds(boolean refresh) throws StunParseException {
        long defaultSeconds = config.defaultLifetime().toSeconds();
        int index = message.indexOf(StunAttributeType.LIFETIME);
        if (index < 0) {
            return defaultSeconds;
        }
        long requested = TurnAttributes.lifetime(message, index);
        if (requested == 0 && refresh) {
            return 0;
        }
        long bounded = Math.min(requested, config.maxLifetime().toSeconds());
        return Math.max(bounded, defaultSeconds);
    }

    private void refuse(TurnClient client, int code, byte[] key, boolean sha256, TurnEvent event) {
        counters.count(event);
        responder.error(client, message, code, key, sha256);
    }

    // ---------------------------------------------------------------------------------------------
    // Refresh (RFC 8656 §7.3), CreatePermission (§9), ChannelBind (§11)
    // ---------------------------------------------------------------------------------------------

    private void onRefresh(TurnClient client) throws StunParseException {
        Allocation allocation = authenticatedAllocation(client);
        if (allocation == null) {
            return;
        }
        byte[] key = authenticator.key;
        boolean sha256 = authenticator.sha256;
        int familyIndex = message.indexOf(StunAttributeType.REQUESTED_ADDRESS_FAMILY);
        if (familyIndex >= 0) {
            int family = TurnAttributes.addressFamily(message, familyIndex);
            boolean has = family == 1 ? allocation.relay4 != null : allocation.relay6 != null;
            if (!has) {
                refuse(client, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH, key, sha256, TurnEvent.REQUEST_REJECTED);
                return;
            }
        }
        long lifetime = desiredLifetimeSeconds(true);
        if (lifetime == 0) {
            close(allocation, TurnEvent.ALLOCATION_DELETED);
        } else {
            allocation.expiresAtNanos(nowNanos + lifetime * NANOS_PER_SECOND);
        }
        StunMessageWriter w = responder.success(client, message);
        TurnAttributes.addLifetime(w, lifetime);
        responder.send(client, message, key, sha256, true);
    }

    private void onCreatePermission(TurnClient client) throws StunParseException {
        Allocation allocation = authenticatedAllocation(client);
        if (allocation == null) {
            return;
        }
        byte[] key = authenticator.key;
        boolean sha256 = authenticator.sha256;
        // RFC 8656 §9.2: every XOR-PEER-ADDRESS must be acceptable, or no permission is installed.
        PeerPolicy policy = context.peerPolicy();
        int peers = 0;
        for (int i = 0; i < message.attributeCount(); i++) {
            if (message.attributeType(i) != StunAttributeType.XOR_PEER_ADDRESS) {
                continue;
            }
            peers++;
            InetAddress peer = PeerPolicy.canonicalize(XorAddress.read(message, i).getAddress());
            if (!allocation.hasFamily(peer)) {
                refuse(client, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH, key, sha256, TurnEvent.REQUEST_REJECTED);
                return;
            }
            if (!policy.permitsAddress(peer)) {
                refuse(client, ErrorCode.FORBIDDEN, key, sha256, TurnEvent.DROP_FORBIDDEN_PEER);
                return;
            }
        }
        if (peers == 0) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.REQUEST_REJECTED);
            return;
        }
        long deadline = nowNanos + Permission.LIFETIME_SECONDS * NANOS_PER_SECOND;
        for (int i = 0; i < message.attributeCount(); i++) {
            if (message.attributeType(i) == StunAttributeType.XOR_PEER_ADDRESS) {
                allocation.installPermission(PeerPolicy.canonicalize(XorAddress.read(message, i).getAddress()), deadline);
                counters.count(TurnEvent.PERMISSION_CREATED);
            }
        }
        responder.success(client, message);
        responder.send(client, message, key, sha256, true);
    }

    private void onChannelBind(TurnClient client) throws StunParseException {
        Allocation allocation = authenticatedAllocation(client);
        if (allocation == null) {
            return;
        }
        byte[] key = authenticator.key;
        boolean sha256 = authenticator.sha256;
        int channelIndex = message.indexOf(StunAttributeType.CHANNEL_NUMBER);
        int peerIndex = message.indexOf(StunAttributeType.XOR_PEER_ADDRESS);
        if (channelIndex < 0 || peerIndex < 0) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.REQUEST_REJECTED);
            return;
        }
        int number = TurnAttributes.channelNumber(message, channelIndex);
        // RFC 8656 §11.2: the number must be in 0x4000-0x4FFF (RFC 5766's 0x4000-0x7FFF when configured).
        boolean inRange = ChannelData.isChannelNumber(number)
                || (config.rfc5766ChannelNumbers() && number >= ChannelData.MIN_CHANNEL && number <= 0x7FFF);
        if (!inRange) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.REQUEST_REJECTED);
            return;
        }
        InetSocketAddress decoded = XorAddress.read(message, peerIndex);
        InetAddress peerAddress = PeerPolicy.canonicalize(decoded.getAddress());
        InetSocketAddress peer = peerAddress == decoded.getAddress() ? decoded
                : new InetSocketAddress(peerAddress, decoded.getPort());
        if (!allocation.hasFamily(peerAddress)) {
            refuse(client, ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH, key, sha256, TurnEvent.REQUEST_REJECTED);
            return;
        }
        if (!context.peerPolicy().permits(peerAddress, peer.getPort())) {
            refuse(client, ErrorCode.FORBIDDEN, key, sha256, TurnEvent.DROP_FORBIDDEN_PEER);
            return;
        }
        // RFC 8656 §11.2: a number already bound to another peer, or a peer already bound to another
        // number, is a bad request.
        ChannelBinding byNumber = allocation.channel(number);
        ChannelBinding byPeer = allocation.channelForPeer(peer);
        if ((byNumber != null && !byNumber.peer().equals(peer)) || (byPeer != null && byPeer.number() != number)) {
            refuse(client, ErrorCode.BAD_REQUEST, key, sha256, TurnEvent.REQUEST_REJECTED);
            return;
        }
        // RFC 8656 §11.2: binding or refreshing a channel also installs or refreshes the permission.
        Permission permission = allocation.installPermission(peerAddress,
                nowNanos + Permission.LIFETIME_SECONDS * NANOS_PER_SECOND);
        long channelDeadline = nowNanos + ChannelBinding.LIFETIME_SECONDS * NANOS_PER_SECOND;
        if (byNumber == null) {
            allocation.bindChannel(new ChannelBinding(number, peer, permission, channelDeadline));
            counters.count(TurnEvent.CHANNEL_BOUND);
        } else {
            byNumber.refresh(channelDeadline);
        }
        responder.success(client, message);
        responder.send(client, message, key, sha256, true);
    }

    /**
     * For requests on an existing allocation (Refresh, CreatePermission, ChannelBind): authenticates
     * against the allocation's credentials and returns it, or answers (401/438/441, or 437 when the
     * 5-tuple has none, RFC 8656 §7.3, §9.2, §11.2) and returns null.
     */
    private Allocation authenticatedAllocation(TurnClient client) throws StunParseException {
        Allocation allocation = liveAllocation(client);
        if (!authenticator.authenticate(client, message, allocation)) {
            return null;
        }
        if (allocation == null) {
            refuse(client, ErrorCode.ALLOCATION_MISMATCH, authenticator.key, authenticator.sha256,
                    TurnEvent.REQUEST_REJECTED);
        }
        return allocation;
    }

    private Allocation liveAllocation(TurnClient client) {
        Allocation allocation = client.allocation();
        if (allocation == null) {
            return null;
        }
        if (!allocation.isLive(nowNanos)) {
            close(allocation, TurnEvent.ALLOCATION_EXPIRED);
            return null;
        }
        return allocation;
    }

    // ---------------------------------------------------------------------------------------------
    // Data: client -> peer (Send indication §10.2, ChannelData §12.6) and peer -> client
    // ---------------------------------------------------------------------------------------------

    private void onSendIndication(TurnClient client) throws StunParseException {
        Allocation allocation = client.allocation();
        if (allocation == null || !allocation.isLive(nowNanos)) {
            counters.count(TurnEvent.DROP_NO_ALLOCATION);
            return;
        }
        if (UNDERSTOOD.collectUnknown(message, unknownAttributes) > 0) {
            // RFC 8489 §6.3.2: indications with unknown comprehension-required attributes are dropped.
            counters.count(TurnEvent.DROP_MALFORMED);
            return;
        }
        int peerIndex = message.indexOf(StunAttributeType.XOR_PEER_ADDRESS);
        int dataIndex = message.indexOf(StunAttributeType.DATA);
        if (peerIndex < 0 || dataIndex < 0) {
            counters.count(TurnEvent.DROP_MALFORMED);
            return;
        }
        InetSocketAddress peer = sendPeer(allocation, peerIndex);
        InetAddress peerAddress = peer.getAddress();
        RelayEndpoint relay = allocation.relayFor(peerAddress);
        if (relay == null) {
            counters.count(TurnEvent.DROP_FAMILY_MISMATCH);
            return;
        }
        if (allocation.permission(peerAddress, nowNanos) == null) {
            counters.count(TurnEvent.DROP_NO_PERMISSION);
            return;
        }
        // The permission was checked against the policy without a port; Send names one, check it too.
        if (!context.peerPolicy().permits(peerAddress, peer.getPort())) {
            counters.count(TurnEvent.DROP_FORBIDDEN_PEER);
            return;
        }
        int length = message.valueLength(dataIndex);
        if (allocation.toPeerLimiter != null && !allocation.toPeerLimiter.tryConsume(length, nowNanos)) {
            counters.count(TurnEvent.DROP_BANDWIDTH);
            return;
        }
        relay.send(message.buffer().retainedSlice(message.valueOffset(dataIndex), length), peer);
        counters.relayed(TurnCounters.Direction.TO_PEER, client.transport(), length);
    }

    /**
     * The (canonical) peer of a Send indication. Clients send to the same peer again and again, so an
     * IPv4 peer equal to the allocation's previous one reuses that address object: the Send path then
     * allocates nothing (measured by bench's RelayForwardingBench). Other peers are decoded anew.
     */
    private InetSocketAddress sendPeer(Allocation allocation, int peerIndex) throws StunParseException {
        if (XorAddress.family(message, peerIndex) == XorAddress.FAMILY_IPV4) {
            int ip = XorAddress.ipv4(message, peerIndex);
            int port = XorAddress.port(message, peerIndex);
            InetSocketAddress cached = allocation.lastSendPeer;
            if (cached != null && allocation.lastSendPeerIpv4 == ip && cached.getPort() == port) {
                return cached;
            }
            InetSocketAddress decoded = XorAddress.read(message, peerIndex);
            allocation.lastSendPeer = decoded;
            allocation.lastSendPeerIpv4 = ip;
            return decoded;
        }
        InetSocketAddress decoded = XorAddress.read(message, peerIndex);
        InetAddress canonical = PeerPolicy.canonicalize(decoded.getAddress());
        return canonical == decoded.getAddress() ? decoded : new InetSocketAddress(canonical, decoded.getPort());
    }

    /**
     * A ChannelData message from a client (RFC 8656 §12.6): the hot path. Borrows {@code buf}; the
     * payload is forwarded as a retained slice, without copying. {@code length} is the frame length
     * (header included, padding excluded on stream transports).
     */
    public void onChannelData(long now, TurnClient client, ByteBuf buf, int offset, int length) {
        Allocation allocation = client.allocation();
        if (allocation == null || now - allocation.expiresAtNanos() >= 0) {
            counters.count(TurnEvent.DROP_NO_ALLOCATION);
            return;
        }
        // RFC 8656 §12.5: a message shorter than its header or than its Length field says is discarded.
        if (length < ChannelData.HEADER_LENGTH) {
            counters.count(TurnEvent.DROP_MALFORMED);
            return;
        }
        int dataLength = ChannelData.dataLength(buf, offset);
        if (ChannelData.HEADER_LENGTH + dataLength > length) {
            counters.count(TurnEvent.DROP_MALFORMED);
            return;
        }
        ChannelBinding binding = allocation.channel(ChannelData.channelNumber(buf, offset));
        if (binding == null || !binding.isLive(now)) {
            counters.count(TurnEvent.DROP_NO_CHANNEL);
            return;
        }
        if (!binding.permission().isLive(now)) {
            counters.count(TurnEvent.DROP_NO_PERMISSION);
            return;
        }
        if (allocation.toPeerLimiter != null && !allocation.toPeerLimiter.tryConsume(dataLength, now)) {
            counters.count(TurnEvent.DROP_BANDWIDTH);
            return;
        }
        InetSocketAddress peer = binding.peer();
        allocation.relayFor(peer.getAddress())
                .send(buf.retainedSlice(offset + ChannelData.HEADER_LENGTH, dataLength), peer);
        counters.relayed(TurnCounters.Direction.TO_PEER, client.transport(), dataLength);
    }

    /**
     * A datagram from a peer to one of {@code allocation}'s relay sockets (RFC 8656 §10.3, §12.5).
     * Borrows {@code data}. Without a permission for the peer's IP it is dropped; with a channel bound
     * to the peer's exact address it goes as ChannelData (padded on stream transports), else as a
     * Data indication.
     */
    public void onPeerDatagram(long now, Allocation allocation, InetSocketAddress peer, ByteBuf data) {
        if (!allocation.isLive(now)) {
            counters.count(TurnEvent.DROP_NO_ALLOCATION);
            return;
        }
        if (allocation.permission(peer.getAddress(), now) == null) {
            counters.count(TurnEvent.DROP_NO_PERMISSION);
            return;
        }
        int length = data.readableBytes();
        if (allocation.toClientLimiter != null && !allocation.toClientLimiter.tryConsume(length, now)) {
            counters.count(TurnEvent.DROP_BANDWIDTH);
            return;
        }
        TurnClient client = allocation.client();
        ChannelBinding binding = allocation.channelForPeer(peer);
        ByteBuf out;
        if (binding != null && binding.isLive(now)) {
            boolean stream = client.transport().isStream();
            int padded = stream ? ChannelData.paddedLength(length) : length;
            out = client.alloc().ioBuffer(ChannelData.HEADER_LENGTH + padded);
            out.writeShort(binding.number());
            out.writeShort(length);
            ByteBufCopy.append(out, data, data.readerIndex(), length);
            out.writeZero(padded - length);
        } else {
            if (length > 0xFFFF - 64) {
                counters.count(TurnEvent.DROP_OVERSIZED);
                return;
            }
            out = client.alloc().ioBuffer(StunMessage.HEADER_LENGTH + 32 + length);
            nextIndicationTransactionId();
            indicationWriter.begin(out, StunMessageType.DATA_INDICATION, indicationTransactionId);
            XorAddress.addTo(indicationWriter, StunAttributeType.XOR_PEER_ADDRESS, peer);
            indicationWriter.putBytes(StunAttributeType.DATA, data, data.readerIndex(), length);
            indicationWriter.finish();
        }
        client.send(out);
        counters.relayed(TurnCounters.Direction.TO_CLIENT, client.transport(), length);
    }

    /** Indications need unique transaction ids, not unpredictable ones: a counter suffices. */
    private void nextIndicationTransactionId() {
        for (int i = indicationTransactionId.length - 1; i >= 0; i--) {
            if (++indicationTransactionId[i] != 0) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Time and teardown
    // ---------------------------------------------------------------------------------------------

    /** Sweeps expired allocations, permissions, channels and reservations. Call about once a second. */
    public void onTimeout(long now) {
        this.nowNanos = now;
        for (int i = allocations.size() - 1; i >= 0; i--) {
            Allocation allocation = allocations.get(i);
            if (!allocation.isLive(now)) {
                close(allocation, TurnEvent.ALLOCATION_EXPIRED);
            } else {
                allocation.sweep(now);
            }
        }
        context.reservations().sweep(now);
    }

    /** The client's connection is gone (TCP/TLS close): its allocation goes with it (RFC 8656 §3.1). */
    public void onClientClosed(TurnClient client) {
        Allocation allocation = client.allocation();
        if (allocation != null) {
            close(allocation, TurnEvent.ALLOCATION_DELETED);
        }
    }

    /** Releases every allocation of this core (shutdown). */
    public void closeAll() {
        for (int i = allocations.size() - 1; i >= 0; i--) {
            close(allocations.get(i), TurnEvent.ALLOCATION_DELETED);
        }
    }

    private void close(Allocation allocation, TurnEvent reason) {
        if (allocation.isClosed()) {
            return;
        }
        allocation.markClosed();
        allocation.clearPermissionsAndChannels();
        releaseRelays(allocation);
        context.quotas().release(allocation.credentials().quotaKey());
        if (allocation.client().allocation() == allocation) {
            allocation.client().allocation(null);
        }
        int index = allocation.coreIndex;
        if (index >= 0) {
            Allocation last = allocations.remove(allocations.size() - 1);
            if (last != allocation) {
                allocations.set(index, last);
                last.coreIndex = index;
            }
            allocation.coreIndex = -1;
            counters.adjust(TurnCounters.Gauge.ALLOCATIONS, -1);
        }
        counters.count(reason);
    }

    private void releaseRelays(Allocation allocation) {
        if (allocation.relay4 != null) {
            allocation.relay4.close();
            context.liveRelayPorts().closed(false, allocation.port4);
            context.portAllocator(context.relayAddress(1)).release(allocation.port4);
            allocation.relay4 = null;
        }
        if (allocation.relay6 != null) {
            allocation.relay6.close();
            context.liveRelayPorts().closed(true, allocation.port6);
            context.portAllocator(context.relayAddress(2)).release(allocation.port6);
            allocation.relay6 = null;
        }
    }
}
