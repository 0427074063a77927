package io.edgeway.ice;

import io.edgeway.core.spi.StunReplySink;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.UnknownAttributes;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Writes the answers of {@link IceLiteResponder} to Binding requests with the shared STUN codec.
 *
 * <p>Every answer ends with FINGERPRINT (RFC 8445 §7: connectivity checks and their responses carry
 * it, so they can be told apart from media on a shared port). An answer to an authenticated check
 * carries the integrity attribute the check used, keyed with the same short-term key; an answer to a
 * check that failed authentication carries no integrity attribute and no USERNAME (both RFC 8489
 * §9.1.3), and nothing more: no SOFTWARE, and the RFC's short reason phrases.
 *
 * <p>Buffers come from the sink's allocator and are handed to the sink, which owns them from then on;
 * a buffer is released here only if writing it fails. Confined to the responder's thread.
 */
final class BindingResponses {

    /** Header, XOR-MAPPED-ADDRESS (IPv6: 24), MESSAGE-INTEGRITY-SHA256 (36), FINGERPRINT (8). */
    private static final int INITIAL_CAPACITY = 96;

    private final StunMessageWriter writer = new StunMessageWriter();

    /**
     * Binding success: XOR-MAPPED-ADDRESS of the check's source (RFC 8489 §7.3.1, which the controlling
     * agent compares with its candidates to learn peer-reflexive ones), integrity, FINGERPRINT.
     */
    void success(StunMessage request, InetSocketAddress to, StunReplySink out, byte[] key, boolean sha256) {
        ByteBuf buf = begin(request, true, out);
        boolean handedOver = false;
        try {
            XorAddress.addTo(writer, StunAttributeType.XOR_MAPPED_ADDRESS, to);
            seal(key, sha256);
            // From here the sink owns the buffer, even if send throws.
            handedOver = true;
            out.send(buf, to);
        } finally {
            if (!handedOver) {
                buf.release();
            }
        }
    }

    /** An error response; authenticated when {@code key} is not null. */
    void error(StunMessage request, int code, InetSocketAddress to, StunReplySink out, byte[] key, boolean sha256) {
        ByteBuf buf = begin(request, false, out);
        boolean handedOver = false;
        try {
            ErrorCode.addTo(writer, code);
            seal(key, sha256);
            handedOver = true;
            out.send(buf, to);
        } finally {
            if (!handedOver) {
                buf.release();
            }
        }
    }

    /** 420 listing the check's unknown comprehension-required attributes (RFC 8489 §6.3.1.1), authenticated. */
    void unknownAttributes(StunMessage request, int[] types, int count, InetSocketAddress to, StunReplySink out,
            byte[] key, boolean sha256) {
        ByteBuf buf = begin(request, false, out);
        boolean handedOver = false;
        try {
            ErrorCode.addTo(writer, ErrorCode.UNKNOWN_ATTRIBUTE);
            UnknownAttributes.addTo(writer, types, count);
            seal(key, sha256);
            handedOver = true;
            out.send(buf, to);
        } finally {
            if (!handedOver) {
                buf.release();
            }
        }
    }

    private ByteBuf begin(StunMessage request, boolean success, StunReplySink out) {
        ByteBuf buf = out.alloc().ioBuffer(INITIAL_CAPACITY);
        boolean begun = false;
        try {
            writer.begin(buf, StunMessageType.response(request.messageType(), success), request);
            begun = true;
            return buf;
        } finally {
            if (!begun) {
                buf.release();
            }
        }
    }

    /** Integrity (when authenticated), then FINGERPRINT, which must be last (RFC 8489 §14.7). */
    private void seal(byte[] key, boolean sha256) {
        if (key != null) {
            if (sha256) {
                MessageIntegritySha256.addTo(writer, key);
            } else {
                MessageIntegrity.addTo(writer, key);
            }
        }
        Fingerprint.addTo(writer);
        writer.finish();
    }
}
