package io.edgeway.ice;

import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.turn.core.ReceivedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test fixture: builds the connectivity checks a full ICE agent sends (RFC 8445 §7.2.2): USERNAME
 * "receiver's ufrag:sender's ufrag", PRIORITY, ICE-CONTROLLING with a tie-breaker, optional
 * USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the receiver's password and FINGERPRINT, in the order
 * browsers put them, written with the production codec. Each part can be left out or spoiled.
 *
 * <p>{@link Check#encode()} returns a new buffer the caller owns and must release. Not thread-safe.
 */
public final class IceChecks {

    /** Transaction ids and tie-breakers: seeded, so every run sends the same bytes. */
    private static final Random RANDOM = new Random(0x1CE);

    private IceChecks() {
    }

    /**
     * Sends {@code check} from {@code from} to {@code to} over UDP and returns the answer with its
     * transaction id, skipping anything else the socket receives meanwhile.
     */
    static ReceivedMessage exchange(DatagramSocket from, InetSocketAddress to, Check check) throws IOException {
        ByteBuf encoded = check.encode();
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
        from.send(new DatagramPacket(bytes, bytes.length, to));
        byte[] buffer = new byte[1500];
        while (true) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            from.receive(reply);
            ReceivedMessage answer = ReceivedMessage.of(Arrays.copyOf(reply.getData(), reply.getLength()));
            if (Arrays.equals(answer.transactionId(), check.transactionId())) {
                return answer;
            }
        }
    }

    /** A check from the participant ({@code remote}) to this agent ({@code local}), as a browser sends it. */
    public static Check from(IceCredentials remote, IceCredentials local) {
        return new Check(local.ufrag() + ":" + remote.ufrag(), local.password());
    }

    public static final class Check {
        private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        private final List<Integer> extraEmptyAttributes = new ArrayList<>();
        private int messageType = StunMessageType.BINDING_REQUEST;
        private String username;
        private String password;
        private boolean sha256;
        private boolean integrity = true;
        private boolean fingerprint = true;
        private boolean priority = true;
        /** The priority a peer-reflexive candidate would get: type preference 110, as browsers send. */
        private long priorityValue = 0x6E7F1EFFL;
        private boolean useCandidate;
        private boolean controlling = true;
        private boolean controlled;
        private final long tieBreaker;

        private Check(String username, String password) {
            this.username = username;
            this.password = password;
            synchronized (RANDOM) {
                RANDOM.nextBytes(transactionId);
                tieBreaker = RANDOM.nextLong();
            }
        }

        byte[] transactionId() {
            return transactionId.clone();
        }

        Check username(String value) {
            this.username = value;
            return this;
        }

        Check withoutUsername() {
            return username(null);
        }

        Check password(String value) {
            this.password = value;
            return this;
        }

        Check sha256() {
            this.sha256 = true;
            return this;
        }

        Check withoutIntegrity() {
            this.integrity = false;
            return this;
        }

        Check withoutFingerprint() {
            this.fingerprint = false;
            return this;
        }

        Check withoutPriority() {
            this.priority = false;
            return this;
        }

        /** PRIORITY (RFC 8445 §7.1.1) with {@code value}: the check's candidate as peer-reflexive. */
        Check priority(long value) {
            this.priorityValue = value;
            return this;
        }

        Check useCandidate() {
            this.useCandidate = true;
            return this;
        }

        /** The sender claims the controlled role instead (a role conflict with a lite agent). */
        Check controlled() {
            this.controlling = false;
            this.controlled = true;
            return this;
        }

        /** Neither ICE-CONTROLLING nor ICE-CONTROLLED. */
        Check withoutRole() {
            this.controlling = false;
            this.controlled = false;
            return this;
        }

        /** Adds an empty attribute of {@code type} before the integrity attribute. */
        Check attribute(int type) {
            extraEmptyAttributes.add(type);
            return this;
        }

        Check messageType(int type) {
            this.messageType = type;
            return this;
        }

        /** The check's bytes in a new heap buffer; the caller owns and releases it. */
        public ByteBuf encode() {
            ByteBuf out = Unpooled.buffer(160);
            StunMessageWriter w = new StunMessageWriter().begin(out, messageType, transactionId);
            if (username != null) {
                TextAttribute.addTo(w, StunAttributeType.USERNAME, username);
            }
            if (priority) {
                w.putInt(StunAttributeType.PRIORITY, (int) priorityValue);
            }
            if (useCandidate) {
                w.putEmpty(StunAttributeType.USE_CANDIDATE);
            }
            if (controlling || controlled) {
                int valueStart = w.beginAttribute(controlling
                        ? StunAttributeType.ICE_CONTROLLING : StunAttributeType.ICE_CONTROLLED);
                out.writeLong(tieBreaker);
                w.endAttribute(valueStart);
            }
            for (int type : extraEmptyAttributes) {
                w.putEmpty(type);
            }
            if (integrity) {
                byte[] key = password.getBytes(StandardCharsets.US_ASCII);
                if (sha256) {
                    MessageIntegritySha256.addTo(w, key);
                } else {
                    MessageIntegrity.addTo(w, key);
                }
            }
            if (fingerprint) {
                Fingerprint.addTo(w);
            }
            w.finish();
            return out;
        }
    }
}
