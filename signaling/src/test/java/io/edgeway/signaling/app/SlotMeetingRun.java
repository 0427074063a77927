package io.edgeway.signaling.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.turn.interop.InteropDirs;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A meeting of real Chromium pages for issue #13's slot ITs ({@link SimulcastShapedLinkChromiumIT},
 * {@link SpeakerChangeChromiumIT}): a real {@link EdgewayProcess} with the SFU's default slots (3 audio, 9
 * video, last-N 6) whose TURN and media ports bind {@code mediaAddress} (loopback, or this host's end of a
 * {@link io.edgeway.turn.interop.NetworkNamespace} pair so that a browser inside it reaches them) and whose
 * HTTP port listens on loopback and on {@code mediaAddress}; open sessions off, so everyone joins with a
 * token the test got over REST ({@link #participant}: the {@code host} preset publishes everything, the
 * {@code viewer} preset nothing), as an app's server would. One of the slot scripts in
 * {@code src/test/js/} ({@code simulcast-shaped.mjs}, {@code speaker-change.mjs}) then drives the pages
 * through {@code slot-pages.mjs}: a bare page on the real SDK, so the server's default view (the dominant
 * speaker on a 720 px stage, the others as 180 px thumbnails) decides what each page receives. Each
 * participant's bandwidth estimation trace (what the SFU sent it, its transport-cc feedback) is kept in
 * {@code target/interop/slots/<run>-bwe-*}{@code /} ({@code sfu-bwe-trace-dir}): real Chromium feedback
 * for the estimator's tests, and the first thing to read when a page got a lower layer than expected.
 */
final class SlotMeetingRun extends ChromiumMeetingRun {

    static final String HOST = "host";
    static final String VIEWER = "viewer";

    final SdkMeetingRun.Rest rest;
    private final String meetingId;

    private SlotMeetingRun(String run, InetAddress mediaAddress, String title) throws Exception {
        super("slots", run, 13, serverArgs(mediaAddress, InteropDirs.fresh("slots", run + "-bwe-")));
        this.rest = new SdkMeetingRun.Rest(baseUrl());
        rest.hostPreset(HOST);
        rest.viewerPreset(VIEWER);
        this.meetingId = rest.meeting(title).path("id").asText();
    }

    /** Starts the server for a run called {@code run} with its media on {@code mediaAddress}, and one meeting. */
    static SlotMeetingRun start(String run, InetAddress mediaAddress, String title) throws Exception {
        return new SlotMeetingRun(run, mediaAddress, title);
    }

    private static String[] serverArgs(InetAddress mediaAddress, Path traces) {
        String at = mediaAddress.getHostAddress();
        List<String> args = new ArrayList<>(List.of("--listening-ip", at, "--relay-ip", at, "--listening-port", "0",
                "--tls-listening-port", "0", "--no-tls", "--min-port", "45300", "--max-port", "45399",
                "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0",
                "--drain-deadline", "1", "--open-sessions", "false", "--api-key", SdkMeetingRun.API_KEY,
                "--static-auth-secret", SdkMeetingRun.TURN_SECRET, "--sfu-bwe-trace-dir", traces.toString()));
        if (!mediaAddress.isLoopbackAddress()) {
            args.addAll(List.of("--http-listening-ip", at));
        }
        return args.toArray(new String[0]);
    }

    /** A participant of the run's meeting with {@code preset}: {@code {name, token, id}} for the script. */
    ObjectNode participant(String name, String preset) throws Exception {
        return rest.participant(meetingId, name, preset);
    }
}
