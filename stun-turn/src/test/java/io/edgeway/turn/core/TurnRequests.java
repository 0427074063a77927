package io.edgeway.turn.core;

import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithm;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.UserHash;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.auth.LongTermKeys;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.turn.wire.TurnAttributes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Test fixture: builds the requests and indications a TURN client sends (RFC 8656), with the
 * long-term credential attributes of RFC 8489 §9.2 (USERNAME or USERHASH, REALM, NONCE,
 * PASSWORD-ALGORITHMS and PASSWORD-ALGORITHM, MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256) and an
 * optional FINGERPRINT, all written by the production codec classes so that the server sees exactly
 * what a client written on this codec would send.
 *
 * <p>{@link Builder#encode()} returns a new buffer the caller owns and must release; {@link Builder#bytes()}
 * returns a copy and releases its own buffer. Not thread-safe.
 */
public final class TurnRequests {

    /** Transaction ids of built messages: seeded, so every run sends the same bytes. */
    private static final Random TRANSACTION_IDS = new Random(0x7E57);

    private TurnRequests() {
    }

    public static Builder binding() {
        return new Builder(StunMessageType.BINDING_REQUEST);
    }

    /** An Allocate asking for a UDP relay, as every real client does. */
    public static Builder allocate() {
        return new Builder(StunMessageType.ALLOCATE_REQUEST).requestedTransport(TurnAttributes.UDP);
    }

    /** An Allocate with nothing in it: tests add (or leave out) REQUESTED-TRANSPORT themselves. */
    public static Builder bareAllocate() {
        return new Builder(StunMessageType.ALLOCATE_REQUEST);
    }

    public static Builder refresh() {
        return new Builder(StunMessageType.REFRESH_REQUEST);
    }

    public static Builder createPermission(InetSocketAddress... peers) {
        Builder b = new Builder(StunMessageType.CREATE_PERMISSION_REQUEST);
        for (InetSocketAddress peer : peers) {
            b.peer(peer);
        }
        return b;
    }

    public static Builder channelBind(int channel, InetSocketAddress peer) {
        return new Builder(StunMessageType.CHANNEL_BIND_REQUEST).channel(channel).peer(peer);
    }

    public static Builder sendIndication(InetSocketAddress peer, byte[] data) {
        return new Builder(StunMessageType.SEND_INDICATION).peer(peer).data(data);
    }

    public static Builder ofType(int messageType) {
        return new Builder(messageType);
    }

    /** A ChannelData message (RFC 8656 §12.4), padded to four bytes when {@code padded}. Caller owns the buffer. */
    public static ByteBuf channelData(int channel, byte[] data, boolean padded) {
        int padding = padded ? (4 - (data.length & 3)) & 3 : 0;
        ByteBuf out = Unpooled.buffer(4 + data.length + padding);
        out.writeShort(channel);
        out.writeShort(data.length);
        out.writeBytes(data);
        out.writeZero(padding);
        return out;
    }

    /** Which password algorithm attributes and integrity attribute a request carries. */
    public enum Algorithm {
        /** RFC 5389 style: no PASSWORD-ALGORITHM(S), MESSAGE-INTEGRITY with the MD5 key. */
        CLASSIC_MD5,
        /** PASSWORD-ALGORITHMS as the server offered, PASSWORD-ALGORITHM MD5, MESSAGE-INTEGRITY. */
        MD5,
        /** PASSWORD-ALGORITHMS as the server offered, PASSWORD-ALGORITHM SHA-256, MESSAGE-INTEGRITY-SHA256. */
        SHA256
    }

    /** The algorithms this server offers in its 401 (RFC 8489 §14.11), which a client must echo verbatim. */
    static final int[] OFFERED = {PasswordAlgorithms.SHA256, PasswordAlgorithms.MD5};

    /** A long-term user as a client knows it. */
    public static final class Credentials {
        private final String username;
        private final String password;
        private final String realm;

        public Credentials(String username, String password, String realm) {
            this.username = username;
            this.password = password;
            this.realm = realm;
        }

        public String username() {
            return username;
        }

        public String realm() {
            return realm;
        }

        public byte[] md5Key() {
            return LongTermKeys.md5Key(username, realm, password);
        }

        public byte[] sha256Key() {
            return LongTermKeys.sha256Key(username, realm, password);
        }

        public byte[] key(Algorithm algorithm) {
            return algorithm == Algorithm.SHA256 ? sha256Key() : md5Key();
        }

        public Credentials withPassword(String other) {
            return new Credentials(username, other, realm);
        }

        @Override
        public String toString() {
            return username;
        }
    }

    public static final class Builder {
        private final int messageType;
        private byte[] transactionId;
        private final List<Consumer<StunMessageWriter>> attributes = new ArrayList<>();
        private Credentials credentials;
        private String nonce;
        private String realmOverride;
        private Algorithm algorithm = Algorithm.CLASSIC_MD5;
        private boolean userHash;
        private boolean fingerprint;

        private Builder(int messageType) {
            this.messageType = messageType;
            this.transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
            synchronized (TRANSACTION_IDS) {
                TRANSACTION_IDS.nextBytes(transactionId);
            }
        }

        public int messageType() {
            return messageType;
        }

        public byte[] transactionId() {
            return transactionId.clone();
        }

        public Builder transactionId(byte[] id) {
            this.transactionId = id.clone();
            return this;
        }

        /** A fresh transaction id (a new request rather than a retransmission). */
        public Builder newTransactionId() {
            return transactionId(new Builder(messageType).transactionId);
        }

        public Builder requestedTransport(int protocol) {
            attributes.add(w -> TurnAttributes.addRequestedTransport(w, protocol));
            return this;
        }

        public Builder lifetime(long seconds) {
            attributes.add(w -> TurnAttributes.addLifetime(w, seconds));
            return this;
        }

        public Builder evenPort(boolean reserveNext) {
            attributes.add(w -> TurnAttributes.addEvenPort(w, reserveNext));
            return this;
        }

        public Builder reservationToken(long token) {
            attributes.add(w -> TurnAttributes.addReservationToken(w, token));
            return this;
        }

        public Builder requestedFamily(int family) {
            attributes.add(w -> TurnAttributes.addRequestedAddressFamily(w, family));
            return this;
        }

        public Builder additionalFamily(int family) {
            attributes.add(w -> TurnAttributes.addAdditionalAddressFamily(w, family));
            return this;
        }

        public Builder dontFragment() {
            attributes.add(TurnAttributes::addDontFragment);
            return this;
        }

        public Builder peer(InetSocketAddress peer) {
            attributes.add(w -> XorAddress.addTo(w, StunAttributeType.XOR_PEER_ADDRESS, peer));
            return this;
        }

        public Builder channel(int number) {
            attributes.add(w -> TurnAttributes.addChannelNumber(w, number));
            return this;
        }

        public Builder data(byte[] data) {
            attributes.add(w -> w.putBytes(StunAttributeType.DATA, data));
            return this;
        }

        /** Any attribute with a raw value (unknown types, malformed values). */
        public Builder attribute(int type, byte[] value) {
            attributes.add(w -> w.putBytes(type, value));
            return this;
        }

        /** Long-term credentials with {@code nonce} (null: none, for the first, unauthenticated request). */
        public Builder auth(Credentials user, String nonce) {
            this.credentials = user;
            this.nonce = nonce;
            return this;
        }

        public Builder algorithm(Algorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** USERHASH (RFC 8489 §14.4) instead of USERNAME. */
        public Builder userHash() {
            this.userHash = true;
            return this;
        }

        /** Sends this REALM instead of the user's (the key is still the user's). */
        public Builder realm(String realm) {
            this.realmOverride = realm;
            return this;
        }

        public Builder fingerprint() {
            this.fingerprint = true;
            return this;
        }

        /** Writes the message into a new buffer from {@code alloc}; the caller owns it. */
        public ByteBuf encode(ByteBufAllocator alloc) {
            ByteBuf out = alloc.heapBuffer(256);
            try {
                StunMessageWriter w = new StunMessageWriter().begin(out, messageType, transactionId);
                for (Consumer<StunMessageWriter> attribute : attributes) {
                    attribute.accept(w);
                }
                if (credentials != null) {
                    writeCredentials(w);
                }
                if (fingerprint) {
                    Fingerprint.addTo(w);
                }
                w.finish();
                return out;
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
        }

        public ByteBuf encode() {
            return encode(ByteBufAllocator.DEFAULT);
        }

        /** The encoded message as a byte array. */
        public byte[] bytes() {
            ByteBuf buf = encode();
            try {
                return ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
        }

        private void writeCredentials(StunMessageWriter w) {
            String realm = realmOverride != null ? realmOverride : credentials.realm();
            if (userHash) {
                UserHash.addTo(w, LongTermKeys.userHash(credentials.username(), realm));
            } else {
                TextAttribute.addTo(w, StunAttributeType.USERNAME, credentials.username());
            }
            TextAttribute.addTo(w, StunAttributeType.REALM, realm);
            if (nonce != null) {
                TextAttribute.addTo(w, StunAttributeType.NONCE, nonce);
            }
            switch (algorithm) {
                case MD5:
                    PasswordAlgorithms.addTo(w, OFFERED, OFFERED.length);
                    PasswordAlgorithm.addTo(w, PasswordAlgorithms.MD5);
                    MessageIntegrity.addTo(w, credentials.md5Key());
                    break;
                case SHA256:
                    PasswordAlgorithms.addTo(w, OFFERED, OFFERED.length);
                    PasswordAlgorithm.addTo(w, PasswordAlgorithms.SHA256);
                    MessageIntegritySha256.addTo(w, credentials.sha256Key());
                    break;
                default:
                    MessageIntegrity.addTo(w, credentials.md5Key());
                    break;
            }
        }
    }
}
