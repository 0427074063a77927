package io.edgeway.signaling.session;

/**
 * How many streams each participant of a meeting receives when the media plane forwards through slots:
 * {@code audio} slots for the loudest speakers, {@code video} slots for the last-N videos, and the number of
 * videos a participant gets unless its view asks for fewer ({@code lastN}, at most {@code video}).
 */
public record SlotLayout(int audio, int video, int lastN) {

    public SlotLayout {
        if (audio < 1 || video < 0 || lastN < 0 || lastN > video) {
            throw new IllegalArgumentException("need audio >= 1, video >= 0, 0 <= lastN <= video: " + audio + " "
                    + video + " " + lastN);
        }
    }
}
