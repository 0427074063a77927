package io.edgeway.bench.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.bench.sfu.server.NetNamespace;
import io.edgeway.bench.sfu.server.ServerCommand;
import io.edgeway.bench.sfu.signal.JsonSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Janus (1.1.x) as a run's target: started with a configuration generated into the run's folder
 * (the VideoRoom plugin and the WebSocket transport only, linked from the package's folders; no HTTP,
 * admin or event handlers; the WebSocket on a port chosen here; RTP ports in a range chosen here; ICE on
 * the namespace's veth only), pinned to the server CPUs, in its own network namespace (libnice gathers
 * nothing on loopback). Rooms are created through the VideoRoom API before each run with publishers
 * raised to the room size and the bitrate cap raised to 4 Mbit/s, and destroyed after it.
 */
public final class JanusTarget implements SfuTarget {

    static final String LIBRARIES = "/usr/lib/x86_64-linux-gnu/janus";
    static final int ROOM_BITRATE = 4_000_000;

    private final ServerCommand process;
    private final URI websocket;
    private final HttpClient http;
    private final List<Long> rooms = new ArrayList<>();
    private int roomSize;

    private JanusTarget(ServerCommand process, URI websocket, HttpClient http) {
        this.process = process;
        this.websocket = websocket;
        this.http = http;
    }

    /** Writes the configuration into {@code work} and starts {@code janus} in {@code ns}; waits for its WebSocket. */
    public static JanusTarget start(String janus, NetNamespace ns, String cpus, Path work, HttpClient http)
            throws Exception {
        Path conf = Files.createDirectories(work.resolve("janus-conf"));
        Path plugins = Files.createDirectories(work.resolve("janus-plugins"));
        Path transports = Files.createDirectories(work.resolve("janus-transports"));
        Path empty = Files.createDirectories(work.resolve("janus-none"));
        link(plugins, LIBRARIES + "/plugins/libjanus_videoroom.so");
        link(transports, LIBRARIES + "/transports/libjanus_websockets.so");
        // A fresh namespace has nothing listening: any port is free there; none is a Janus default (8188, 20000-40000).
        int wsPort = 41000 + ThreadLocalRandom.current().nextInt(1000);
        Files.writeString(conf.resolve("janus.jcfg"), String.join("\n",
                "general: {",
                "  configs_folder = \"" + conf + "\"",
                "  plugins_folder = \"" + plugins + "\"",
                "  transports_folder = \"" + transports + "\"",
                "  events_folder = \"" + empty + "\"",
                "  loggers_folder = \"" + empty + "\"",
                "  debug_level = 3",
                "  server_name = \"sfuload\"",
                "  session_timeout = 120",
                "}",
                "media: {",
                "  rtp_port_range = \"42000-44999\"",
                "}",
                "nat: {",
                "  ice_enforce_list = \"" + ns.serverInterface() + "\"",
                "  ignore_mdns = true",
                "}",
                "plugins: {", "}", "transports: {", "}", "loggers: {", "}", "events: {", "}", ""));
        Files.writeString(conf.resolve("janus.transport.websockets.jcfg"), String.join("\n",
                "general: {",
                "  json = \"compact\"",
                "  ws = true",
                "  ws_port = " + wsPort,
                "  ws_ip = \"" + ns.serverAddress() + "\"",
                "  wss = false",
                "}",
                "admin: {",
                "  admin_ws = false",
                "  admin_wss = false",
                "}", ""));
        Files.writeString(conf.resolve("janus.plugin.videoroom.jcfg"), "general: {\n}\n");
        ServerCommand process = ServerCommand.start(List.of(janus, "-C", conf.resolve("janus.jcfg").toString(),
                "-F", conf.toString(), "-o"), cpus, ns.name(), work.resolve("janus.log"));
        URI ws = URI.create("ws://" + ns.serverAddress() + ":" + wsPort + "/");
        JanusTarget target = new JanusTarget(process, ws, http);
        target.awaitReady(Duration.ofSeconds(30));
        return target;
    }

    private static void link(Path folder, String library) throws Exception {
        Path target = Path.of(library);
        if (!Files.exists(target)) {
            throw new IllegalStateException("Janus library missing: " + library + " (Debian package janus)");
        }
        Files.createSymbolicLink(folder.resolve(target.getFileName()), target);
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException("Janus exited; see " + process.log());
            }
            try {
                JanusAdmin admin = JanusAdmin.open(http, websocket);
                admin.close();
                return;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Janus did not answer on " + websocket + " within " + timeout + "; see "
                + process.log(), last);
    }

    @Override
    public String name() {
        return "janus";
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public String commandLine() {
        return process.commandLine();
    }

    URI websocket() {
        return websocket;
    }

    @Override
    public void prepare(String runLabel, int roomCount, List<Participant> participants) throws Exception {
        rooms.clear();
        roomSize = Math.max(1, participants.size() / roomCount);
        try (JanusAdmin admin = JanusAdmin.open(http, websocket)) {
            for (int r = 0; r < roomCount; r++) {
                long id = 1 + ThreadLocalRandom.current().nextLong(1L << 40);
                ObjectNode create = JsonSocket.JSON.createObjectNode().put("request", "create").put("room", id)
                        .put("description", runLabel + " room " + r).put("publishers", roomSize + 4)
                        .put("bitrate", ROOM_BITRATE).put("audiocodec", "opus").put("videocodec", "vp8")
                        .put("transport_wide_cc_ext", true).put("audiolevel_ext", true).put("permanent", false);
                JsonNode answer = admin.request(create);
                if (!"created".equals(answer.path("videoroom").asText())) {
                    throw new IllegalStateException("Janus refused to create a room: " + answer);
                }
                rooms.add(id);
            }
        }
    }

    @Override
    public java.util.Map<String, Object> probeArguments() {
        return java.util.Map.of("server", "janus", "wsUrl", websocket.toString(), "room", rooms.get(0));
    }

    @Override
    public Signaling signaling(Participant p) {
        return new JanusSignaling(p, http, websocket, rooms.get(p.room));
    }

    @Override
    public void finish() {
        try (JanusAdmin admin = JanusAdmin.open(http, websocket)) {
            for (long id : rooms) {
                admin.request(JsonSocket.JSON.createObjectNode().put("request", "destroy").put("room", id));
            }
        } catch (Exception e) {
            // the rooms go with the process
        }
    }

    @Override
    public void close() throws Exception {
        process.close();
    }

    /** A session with one VideoRoom handle for synchronous requests (create, destroy). */
    static final class JanusAdmin implements AutoCloseable {
        private final JsonSocket socket;
        private final ConcurrentHashMap<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private long session;
        private long handle;
        private int next;

        private JanusAdmin(HttpClient http, URI uri) throws Exception {
            this.socket = JsonSocket.open(http, uri, "janus-protocol", this::onMessage, why -> { })
                    .get(5, TimeUnit.SECONDS);
        }

        static JanusAdmin open(HttpClient http, URI uri) throws Exception {
            JanusAdmin a = new JanusAdmin(http, uri);
            a.session = a.call(JsonSocket.JSON.createObjectNode().put("janus", "create")).path("data").path("id").asLong();
            a.handle = a.call(JsonSocket.JSON.createObjectNode().put("janus", "attach").put("session_id", a.session)
                    .put("plugin", "janus.plugin.videoroom")).path("data").path("id").asLong();
            return a;
        }

        private void onMessage(JsonNode m) {
            CompletableFuture<JsonNode> f = pending.remove(m.path("transaction").asText());
            if (f != null) {
                f.complete(m);
            }
        }

        private JsonNode call(ObjectNode message) throws Exception {
            String tx = "a" + (next++);
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(tx, f);
            socket.send(message.put("transaction", tx));
            JsonNode answer = f.get(10, TimeUnit.SECONDS);
            if ("error".equals(answer.path("janus").asText())) {
                throw new IllegalStateException("Janus: " + answer);
            }
            return answer;
        }

        /** A synchronous plugin request; the plugin's answer data. */
        JsonNode request(ObjectNode body) throws Exception {
            ObjectNode m = JsonSocket.JSON.createObjectNode().put("janus", "message").put("session_id", session)
                    .put("handle_id", handle);
            m.set("body", body);
            return call(m).path("plugindata").path("data");
        }

        @Override
        public void close() {
            try {
                call(JsonSocket.JSON.createObjectNode().put("janus", "destroy").put("session_id", session));
            } catch (Exception e) {
                // it times out with the session
            }
            socket.close();
        }
    }
}
