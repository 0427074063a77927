package io.edgeway.signaling.model;

/** The one wording of "this preset does not exist", used by the REST API and at join. */
public final class PresetMessages {

    private PresetMessages() {
    }

    /** Names the preset exactly, quoted, and says what to check (the gotcha "Preset not applying"). */
    public static String missing(String name) {
        return "no preset named \"" + name + "\" (names are case-sensitive): create the preset before adding"
                + " participants that use it, or check the exact spelling and case";
    }
}
