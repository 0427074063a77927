package io.edgeway.turn.core;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.StunAttributeType;
import java.net.InetSocketAddress;

/**
 * Test fixture: a TURN client's view of the long-term credential dance (RFC 8489 §9.2). It learns the
 * NONCE from the first 401, signs every later request with it, and on 438 (stale nonce) takes the fresh
 * nonce and retries once with a new transaction id, as a real client does.
 *
 * <p>Confined to the test thread.
 */
public final class TurnSession {

    private final CoreHarness harness;
    private final FakeTurnClient client;
    private TurnRequests.Credentials user;
    private TurnRequests.Algorithm algorithm = TurnRequests.Algorithm.CLASSIC_MD5;
    private boolean userHash;
    private String nonce;

    TurnSession(CoreHarness harness, FakeTurnClient client, TurnRequests.Credentials user) {
        this.harness = harness;
        this.client = client;
        this.user = user;
    }

    public FakeTurnClient client() {
        return client;
    }

    public Allocation allocation() {
        return client.allocation();
    }

    public TurnRequests.Credentials user() {
        return user;
    }

    /** Authenticate as someone else from now on (same 5-tuple). */
    public TurnSession user(TurnRequests.Credentials other) {
        this.user = other;
        return this;
    }

    public TurnSession algorithm(TurnRequests.Algorithm algorithm) {
        this.algorithm = algorithm;
        return this;
    }

    public TurnSession userHash(boolean on) {
        this.userHash = on;
        return this;
    }

    public String nonce() {
        return nonce;
    }

    public TurnSession nonce(String nonce) {
        this.nonce = nonce;
        return this;
    }

    /** The key the server must use on responses to this session's requests. */
    public byte[] key() {
        return user.key(algorithm);
    }

    /** Whether {@code response} carries the integrity attribute of this session's algorithm, verifying with its key. */
    public boolean verifies(ReceivedMessage response) {
        return algorithm == TurnRequests.Algorithm.SHA256
                ? response.verifiesMessageIntegritySha256(key())
                : response.verifiesMessageIntegrity(key());
    }

    /** An unauthenticated Allocate: the server's 401 gives the realm and a nonce, which are remembered. */
    public ReceivedMessage challenge() {
        ReceivedMessage answer = harness.exchange(client, TurnRequests.allocate());
        if (answer.errorCode() != ErrorCode.UNAUTHENTICATED) {
            throw new AssertionError("expected a 401 challenge, got " + answer);
        }
        nonce = answer.nonce();
        return answer;
    }

    /** Signs {@code request} with this session's credentials and current nonce (the request is modified). */
    public TurnRequests.Builder sign(TurnRequests.Builder request) {
        request.auth(user, nonce).algorithm(algorithm);
        if (userHash) {
            request.userHash();
        }
        return request;
    }

    /** One signed exchange, no retry; a NONCE in the answer replaces the remembered one. */
    public ReceivedMessage callOnce(TurnRequests.Builder request) {
        if (nonce == null) {
            challenge();
        }
        ReceivedMessage answer = harness.exchange(client, sign(request));
        if (answer.isError() && answer.has(StunAttributeType.NONCE)) {
            nonce = answer.nonce();
        }
        return answer;
    }

    /** A signed exchange that retries once, with a new transaction id, after 438 Stale Nonce. */
    public ReceivedMessage call(TurnRequests.Builder request) {
        ReceivedMessage answer = callOnce(request);
        if (answer.errorCode() == ErrorCode.STALE_NONCE) {
            answer = callOnce(request.newTransactionId());
        }
        return answer;
    }

    public ReceivedMessage allocate() {
        return call(TurnRequests.allocate());
    }

    /** Allocates and fails unless it succeeded. */
    public Allocation allocated() {
        ReceivedMessage answer = allocate();
        if (!answer.isSuccess()) {
            throw new AssertionError("Allocate failed: " + answer);
        }
        return client.allocation();
    }

    public ReceivedMessage refresh(long lifetime) {
        return call(TurnRequests.refresh().lifetime(lifetime));
    }

    public ReceivedMessage createPermission(InetSocketAddress... peers) {
        return call(TurnRequests.createPermission(peers));
    }

    public ReceivedMessage channelBind(int channel, InetSocketAddress peer) {
        return call(TurnRequests.channelBind(channel, peer));
    }

    /** A Send indication (unauthenticated, RFC 8656 §10.1); nothing is answered. */
    public void sendIndication(InetSocketAddress peer, byte[] data) {
        harness.deliver(client, TurnRequests.sendIndication(peer, data).encode());
    }

    public void channelData(int channel, byte[] data) {
        harness.channelData(client, channel, data);
    }
}
