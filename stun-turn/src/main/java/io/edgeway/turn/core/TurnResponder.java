package io.edgeway.turn.core;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.MappedAddress;
import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.UnknownAttributes;
import io.edgeway.stun.codec.ClassicStunBinding;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.netty.buffer.ByteBuf;

/**
 * Writes responses for one core: success responses are opened with {@link #success} and completed by
 * {@link #send}, which appends the integrity attribute the request used (RFC 8489 §9.2.4: a response to
 * an authenticated request is authenticated with the same key) and FINGERPRINT when the request had
 * one. Error responses before authentication carry only what the RFC requires, so that an
 * unauthenticated sender gets little more than it sent (no SOFTWARE, short reason phrases).
 *
 * <p>Confined to its core's event loop.
 */
final class TurnResponder {

    private static final int INITIAL_CAPACITY = 160;
    /** The password algorithms this server offers (RFC 8489 §14.11): SHA-256 first, as preferred, then MD5. */
    static final int[] PASSWORD_ALGORITHMS = {PasswordAlgorithms.SHA256, PasswordAlgorithms.MD5};

    private final StunMessageWriter writer = new StunMessageWriter();
    private final TurnServerContext context;
    private final String software;

    TurnResponder(TurnServerContext context) {
        this.context = context;
        this.software = context.config().software();
    }

    /** Opens a success response to {@code request}; add attributes to the returned writer, then {@link #send}. */
    StunMessageWriter success(TurnClient client, StunMessage request) {
        ByteBuf out = client.alloc().ioBuffer(INITIAL_CAPACITY);
        return writer.begin(out, StunMessageType.response(request.messageType(), true), request);
    }

    /** Completes the open message and queues it to the client. {@code key} null means unauthenticated. */
    void send(TurnClient client, StunMessage request, byte[] key, boolean sha256, boolean withSoftware) {
        if (withSoftware && software != null) {
            TextAttribute.addTo(writer, StunAttributeType.SOFTWARE, software);
        }
        if (key != null) {
            if (sha256) {
                MessageIntegritySha256.addTo(writer, key);
            } else {
                MessageIntegrity.addTo(writer, key);
            }
        }
        if (request.hasFingerprint()) {
            Fingerprint.addTo(writer);
        }
        writer.finish();
        client.send(writer.buffer());
    }

    /** An error response; authenticated (with {@code key}) when the request was. */
    void error(TurnClient client, StunMessage request, int code, byte[] key, boolean sha256) {
        ByteBuf out = client.alloc().ioBuffer(INITIAL_CAPACITY);
        writer.begin(out, StunMessageType.response(request.messageType(), false), request);
        ErrorCode.addTo(writer, code);
        send(client, request, key, sha256, false);
    }

    /** 420 with the UNKNOWN-ATTRIBUTES the request carried (RFC 8489 §6.3.1.1). */
    void unknownAttributes(TurnClient client, StunMessage request, int[] types, int count) {
        ByteBuf out = client.alloc().ioBuffer(INITIAL_CAPACITY);
        writer.begin(out, StunMessageType.response(request.messageType(), false), request);
        ErrorCode.addTo(writer, ErrorCode.UNKNOWN_ATTRIBUTE);
        UnknownAttributes.addTo(writer, types, count);
        send(client, request, null, false, false);
    }

    /**
     * 401 or 438 with a fresh NONCE, the REALM and the password algorithms (RFC 8489 §9.2.4). The
     * nonce is bound to the client's address, so a nonce learned elsewhere does not work here.
     */
    void challenge(TurnClient client, StunMessage request, int code) {
        ByteBuf out = client.alloc().ioBuffer(INITIAL_CAPACITY);
        writer.begin(out, StunMessageType.response(request.messageType(), false), request);
        ErrorCode.addTo(writer, code);
        TextAttribute.addTo(writer, StunAttributeType.REALM, context.config().realm());
        TextAttribute.addTo(writer, StunAttributeType.NONCE,
                context.nonces().issue(client.remoteAddress().getAddress()));
        PasswordAlgorithms.addTo(writer, PASSWORD_ALGORITHMS, PASSWORD_ALGORITHMS.length);
        send(client, request, null, false, false);
    }

    /**
     * The answer to an RFC 3489 Binding request ({@link ClassicStunBinding}): its 128-bit transaction id
     * and the client's address as MAPPED-ADDRESS, nothing a classic client cannot read (RFC 8489 §12).
     * Borrows {@code request}.
     */
    void classicBindingSuccess(TurnClient client, ByteBuf request, int offset) {
        ByteBuf out = client.alloc().ioBuffer(INITIAL_CAPACITY);
        writer.beginClassic(out, StunMessageType.BINDING_SUCCESS, request,
                offset + ClassicStunBinding.TRANSACTION_ID_OFFSET);
        MappedAddress.addTo(writer, client.remoteAddress());
        writer.finish();
        client.send(out);
    }

    StunMessageWriter writer() {
        return writer;
    }
}
