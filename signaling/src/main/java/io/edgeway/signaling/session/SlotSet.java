package io.edgeway.signaling.session;

import io.edgeway.core.media.sdp.ForwardedTrack;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.random.RandomGenerator;

/**
 * One participant's slots as its SDP announces them: {@code a} audio tracks and {@code v} video tracks
 * (each with an RTX SSRC), on SSRCs the SFU picked at random, each its own media stream
 * ({@code a=msid:edgeway-audio-<i>} / {@code edgeway-video-<i>}) so that a page attaches each slot's track
 * to whichever participant occupies it ({@code slotsUpdate}). They are offered once, after the
 * participant's first answer, and never change: joins, leaves and switches cost a message, not a
 * renegotiation. Immutable.
 */
record SlotSet(List<ForwardedTrack> audio, List<ForwardedTrack> video, String cname) {

    SlotSet {
        audio = List.copyOf(audio);
        video = List.copyOf(video);
    }

    /**
     * New slots with random SSRCs that {@code taken} refuses (SSRCs the participant or anyone publishes) and
     * that do not repeat; a random CNAME (RFC 7022 §4.2: 96 random bits).
     */
    static SlotSet create(SlotLayout layout, RandomGenerator random, LongPredicate taken) {
        byte[] cnameBits = new byte[12];
        random.nextBytes(cnameBits);
        String cname = "edgeway-" + HexFormat.of().formatHex(cnameBits);
        List<Long> used = new ArrayList<>();
        List<ForwardedTrack> audio = new ArrayList<>();
        for (int i = 0; i < layout.audio(); i++) {
            String id = "edgeway-audio-" + i;
            audio.add(ForwardedTrack.audio(id, id, ssrc(random, taken, used), cname));
        }
        List<ForwardedTrack> video = new ArrayList<>();
        for (int i = 0; i < layout.video(); i++) {
            String id = "edgeway-video-" + i;
            video.add(ForwardedTrack.video(id, id, ssrc(random, taken, used), ssrc(random, taken, used), cname));
        }
        return new SlotSet(audio, video, cname);
    }

    /** Every slot track, audio first: what the participant receives. */
    List<ForwardedTrack> tracks() {
        List<ForwardedTrack> tracks = new ArrayList<>(audio);
        tracks.addAll(video);
        return tracks;
    }

    int[] audioSsrcs() {
        int[] ssrcs = new int[audio.size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = (int) audio.get(i).ssrc();
        }
        return ssrcs;
    }

    int[] videoSsrcs() {
        int[] ssrcs = new int[video.size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = (int) video.get(i).ssrc();
        }
        return ssrcs;
    }

    int[] videoRtxSsrcs() {
        int[] ssrcs = new int[video.size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = video.get(i).rtxSsrc().intValue();
        }
        return ssrcs;
    }

    private static long ssrc(RandomGenerator random, LongPredicate taken, List<Long> used) {
        while (true) {
            long ssrc = random.nextInt() & 0xFFFFFFFFL;
            if (ssrc != 0 && !taken.test(ssrc) && !used.contains(ssrc)) {
                used.add(ssrc);
                return ssrc;
            }
        }
    }
}
