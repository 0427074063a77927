package io.edgeway.signaling.turncreds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.JsonEnvelope;
import java.util.List;

/**
 * Where clients reach Edgeway's STUN/TURN listeners, and the {@code iceServers} list built from it in
 * Cloudflare's shape:
 *
 * <pre>
 *   [{"urls": ["stun:HOST:UDP"]},
 *    {"urls": ["turn:HOST:UDP?transport=udp", "turn:HOST:TCP?transport=tcp", "turns:HOST:TLS?transport=tcp", ...],
 *     "username": ..., "credential": ...}]
 * </pre>
 *
 * A listener that is off has port -1 and no URL. Immutable.
 *
 * @param host     a host name or IP literal (IPv6 without brackets)
 * @param tlsPorts every TLS port (tls-listening-port, then alt-tls-listening-port)
 */
public record TurnEndpoints(String host, int udpPort, int tcpPort, List<Integer> tlsPorts) {

    public ArrayNode iceServers(String username, String credential) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        ArrayNode servers = JsonEnvelope.JSON.createArrayNode();
        if (udpPort > 0) {
            servers.addObject().putArray("urls").add("stun:" + h + ":" + udpPort);
        }
        ObjectNode turn = JsonEnvelope.JSON.createObjectNode();
        ArrayNode urls = turn.putArray("urls");
        if (udpPort > 0) {
            urls.add("turn:" + h + ":" + udpPort + "?transport=udp");
        }
        if (tcpPort > 0) {
            urls.add("turn:" + h + ":" + tcpPort + "?transport=tcp");
        }
        for (int port : tlsPorts) {
            urls.add("turns:" + h + ":" + port + "?transport=tcp");
        }
        if (!urls.isEmpty()) {
            turn.put("username", username);
            turn.put("credential", credential);
            servers.add(turn);
        }
        return servers;
    }
}
