package io.edgeway.bench.sfu;

import java.time.Duration;
import java.util.Locale;

/**
 * The settings of one SFU load run (one scenario against one server), validated. Counts of publishers
 * and speakers are totals, spread evenly over the rooms: in each room the first participants publish
 * audio, the first of those speak, and the first ones publish video.
 */
public final class SfuLoadOptions {

    /** What an unmuted audio publisher that is not a speaker sends. */
    public enum IdleAudio {
        /** Muted: nothing (the SDK replaces a muted track with none). */
        MUTED,
        /** An open microphone in a quiet room: Opus every 20 ms at -127 dBov. */
        SILENCE
    }

    /** How participants join Edgeway's {@code /ws}. */
    public enum Join { OPEN, TOKEN }

    /** Most participants one run drives. */
    public static final int MAX_PARTICIPANTS = 1000;

    private String label = "sfuload";
    private int participants = 10;
    private int rooms = 1;
    private int audioPublishers = -1;
    private int speakers = -1;
    private int videoPublishers = -1;
    private int simulcast = 1;
    private int videoBitrate = 300_000;
    private IdleAudio idleAudio = IdleAudio.MUTED;
    private Join join = Join.OPEN;
    private Duration warmup = Duration.ofSeconds(3);
    private Duration duration = Duration.ofSeconds(10);
    private Duration setupTimeout = Duration.ofSeconds(60);
    private int joinRate = 20;
    private int sampleEvery = 10;
    private int constrainedSubscribers;
    private int constrainedBitrate = 500_000;
    private String localAddress = "127.0.0.1";
    private boolean progress = true;
    private int realtimeLoop;

    public SfuLoadOptions validate() {
        require(participants >= 1 && participants <= MAX_PARTICIPANTS, "--participants must be 1.." + MAX_PARTICIPANTS);
        require(rooms >= 1 && participants % rooms == 0, "--participants must be a multiple of --rooms");
        require(audioPublishers() >= 0 && audioPublishers() <= participants && audioPublishers() % rooms == 0,
                "--audio-publishers must be 0..participants and a multiple of --rooms");
        require(speakers() >= 0 && speakers() <= audioPublishers() && speakers() % rooms == 0,
                "--speakers must be 0..audio-publishers and a multiple of --rooms");
        require(videoPublishers() >= 0 && videoPublishers() <= participants && videoPublishers() % rooms == 0,
                "--video-publishers must be 0..participants and a multiple of --rooms");
        require(simulcast >= 1 && simulcast <= 3, "--simulcast must be 1, 2 or 3");
        require(videoBitrate >= 30_000 && videoBitrate <= 10_000_000, "--video-bitrate must be 30000..10000000");
        require(!duration.isNegative() && !duration.isZero() && duration.toMinutes() <= 60, "--duration must be 1 s..60 min");
        require(!warmup.isNegative() && warmup.toMinutes() <= 10, "--warmup must be 0..600 s");
        require(joinRate >= 1 && joinRate <= 1000, "--join-rate must be 1..1000 per second");
        require(sampleEvery >= 1, "--sample-every must be at least 1");
        require(constrainedSubscribers >= 0 && constrainedSubscribers <= participants,
                "--constrained-subscribers must be 0..participants");
        require(constrainedBitrate >= 10_000, "--constrained-bitrate must be at least 10000");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public int participantsPerRoom() {
        return participants / rooms;
    }

    public int audioPublishersPerRoom() {
        return audioPublishers() / rooms;
    }

    public int speakersPerRoom() {
        return speakers() / rooms;
    }

    public int videoPublishersPerRoom() {
        return videoPublishers() / rooms;
    }

    /** Whether participant {@code index} checks every packet it receives. */
    public boolean sampled(int index) {
        return index % sampleEvery == 0;
    }

    /** Whether participant {@code index} receives through the in-process bottleneck. */
    public boolean constrained(int index) {
        return index >= participants - constrainedSubscribers;
    }

    /** One line for reports. */
    public String describe() {
        return String.format(Locale.ROOT,
                "%d participants in %d room(s), %d publishing audio (%d speaking, others %s), %d publishing video at %d kbit/s%s",
                participants, rooms, audioPublishers(), speakers(), idleAudio.name().toLowerCase(Locale.ROOT),
                videoPublishers(), videoBitrate / 1000, simulcast > 1 ? " in " + simulcast + " simulcast layers" : "");
    }

    public String label() { return label; }
    public SfuLoadOptions label(String v) { label = v; return this; }
    public int participants() { return participants; }
    public SfuLoadOptions participants(int v) { participants = v; return this; }
    public int rooms() { return rooms; }
    public SfuLoadOptions rooms(int v) { rooms = v; return this; }
    public int audioPublishers() { return audioPublishers < 0 ? participants : audioPublishers; }
    public SfuLoadOptions audioPublishers(int v) { audioPublishers = v; return this; }
    public int speakers() { return speakers < 0 ? audioPublishers() : speakers; }
    public SfuLoadOptions speakers(int v) { speakers = v; return this; }
    public int videoPublishers() { return videoPublishers < 0 ? participants : videoPublishers; }
    public SfuLoadOptions videoPublishers(int v) { videoPublishers = v; return this; }
    public int simulcast() { return simulcast; }
    public SfuLoadOptions simulcast(int v) { simulcast = v; return this; }
    public int videoBitrate() { return videoBitrate; }
    public SfuLoadOptions videoBitrate(int v) { videoBitrate = v; return this; }
    public IdleAudio idleAudio() { return idleAudio; }
    public SfuLoadOptions idleAudio(IdleAudio v) { idleAudio = v; return this; }
    public Join join() { return join; }
    public SfuLoadOptions join(Join v) { join = v; return this; }
    public Duration warmup() { return warmup; }
    public SfuLoadOptions warmup(Duration v) { warmup = v; return this; }
    public Duration duration() { return duration; }
    public SfuLoadOptions duration(Duration v) { duration = v; return this; }
    public Duration setupTimeout() { return setupTimeout; }
    public SfuLoadOptions setupTimeout(Duration v) { setupTimeout = v; return this; }
    public int joinRate() { return joinRate; }
    public SfuLoadOptions joinRate(int v) { joinRate = v; return this; }
    public int sampleEvery() { return sampleEvery; }
    public SfuLoadOptions sampleEvery(int v) { sampleEvery = v; return this; }
    public int constrainedSubscribers() { return constrainedSubscribers; }
    public SfuLoadOptions constrainedSubscribers(int v) { constrainedSubscribers = v; return this; }
    public int constrainedBitrate() { return constrainedBitrate; }
    public SfuLoadOptions constrainedBitrate(int v) { constrainedBitrate = v; return this; }
    public String localAddress() { return localAddress; }
    public SfuLoadOptions localAddress(String v) { localAddress = v; return this; }
    /** Real-time FIFO priority for the generator's event loop (chrt), 0 for none. */
    public int realtimeLoop() { return realtimeLoop; }
    public SfuLoadOptions realtimeLoop(int v) { realtimeLoop = v; return this; }
    public boolean progress() { return progress; }
    public SfuLoadOptions progress(boolean v) { progress = v; return this; }
}
