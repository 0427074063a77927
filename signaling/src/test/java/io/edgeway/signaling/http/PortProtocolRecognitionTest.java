package io.edgeway.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.sharedport.PortProtocol;
import io.edgeway.core.sharedport.PortProtocol.Recognition;
import io.edgeway.ice.IceTcpPortProtocol;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.turn.netty.TurnPortProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared port's protocols judge the real first bytes of each other's streams, fed one byte at a time
 * as a slow client sends them: each stream is claimed by its own protocol alone, and never by another
 * before it has said NOT_MINE. (TLS's recogniser is relay-core's; its own tests cover it.)
 */
class PortProtocolRecognitionTest {

    private final PortProtocol http = new HttpPortProtocol(null, null);
    private final PortProtocol turn = TurnPortProtocol.overTcp(null);
    private final PortProtocol iceTcp = new IceTcpPortProtocol(null, null);

    private static byte[] stunBinding() {
        ByteBuf out = Unpooled.buffer();
        try {
            new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, new byte[12]).finish();
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static byte[] framed(byte[] packet) {
        byte[] f = new byte[packet.length + 2];
        f[0] = (byte) (packet.length >> 8);
        f[1] = (byte) packet.length;
        System.arraycopy(packet, 0, f, 2, packet.length);
        return f;
    }

    /** Feeds {@code stream} byte by byte; the first decisive verdict of {@code protocol} and when. */
    private static String verdict(PortProtocol protocol, byte[] stream) {
        ByteBuf head = Unpooled.buffer();
        try {
            for (int n = 1; n <= stream.length; n++) {
                head.writeByte(stream[n - 1]);
                Recognition r = protocol.recognise(head);
                if (r != Recognition.NEED_MORE) {
                    return r + "@" + n;
                }
            }
            return "NEED_MORE";
        } finally {
            head.release();
        }
    }

    @Test
    void eachStreamIsClaimedByItsOwnProtocolOnly() {
        byte[] tlsHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC, 0x03, 0x03};
        Map<String, byte[]> streams = new LinkedHashMap<>();
        streams.put("http", "GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        streams.put("post", "POST /v1/meetings HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        streams.put("stun", stunBinding());
        streams.put("rfc4571", framed(stunBinding()));
        streams.put("tls", tlsHello);
        streams.put("proxy", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(verdict(http, streams.get("http"))).isEqualTo("MINE@4");
        assertThat(verdict(http, streams.get("post"))).isEqualTo("MINE@5");
        assertThat(verdict(turn, streams.get("stun"))).isEqualTo("MINE@8");
        assertThat(verdict(iceTcp, streams.get("rfc4571"))).isEqualTo("MINE@10");
        for (String other : List.of("stun", "rfc4571", "tls", "proxy")) {
            assertThat(verdict(http, streams.get(other))).as("http on %s", other).startsWith("NOT_MINE");
        }
        for (String other : List.of("http", "post", "rfc4571", "tls", "proxy")) {
            assertThat(verdict(turn, streams.get(other))).as("turn on %s", other).startsWith("NOT_MINE");
        }
        for (String other : List.of("http", "post", "stun", "tls", "proxy")) {
            assertThat(verdict(iceTcp, streams.get(other))).as("ice-tcp on %s", other).startsWith("NOT_MINE");
        }
    }

    @Test
    void httpIsChosenByItsAlpnIdsTooServerPreferenceFirst() {
        assertThat(http.alpnIds()).containsExactly("h2", "http/1.1");
        assertThat(TurnPortProtocol.overTls(null).alpnIds()).containsExactly("stun.turn", "stun.nat-discovery");
        assertThat(turn.alpnIds()).isEmpty();
    }
}
