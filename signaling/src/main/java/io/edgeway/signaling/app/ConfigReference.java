package io.edgeway.signaling.app;

/**
 * The README's configuration table, generated from {@link ConfigKeys} so it cannot drift:
 * {@code ConfigReferenceTest} fails when README.md differs from {@link #markdownTable()}, and
 * rewrites the section when run with {@code -Dedgeway.updateReadme=true}.
 */
final class ConfigReference {

    static final String BEGIN = "<!-- config-table:begin (generated from ConfigKeys; "
            + "refresh: mvn -pl signaling test -Dtest=ConfigReferenceTest -Dedgeway.updateReadme=true) -->";
    static final String END = "<!-- config-table:end -->";

    private ConfigReference() {
    }

    /** One row per key: key, environment variable, default, meaning. */
    static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Key | Environment variable | Default | Meaning |\n");
        sb.append("|---|---|---|---|\n");
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            sb.append("| `").append(k.name()).append("` | `").append(k.envName()).append("` | ")
                    .append(defaultCell(k)).append(" | ")
                    .append(cell(k.description()))
                    .append(" Value: `").append(cell(k.label())).append("`.")
                    .append(k.repeatable() ? " Repeatable." : "")
                    .append(k.inCoturn() ? " Same as coturn." : "")
                    .append(k.isSecret() ? " Secret: redacted by `--print-config`." : "")
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** {@code readme} with the text between the markers replaced by the current table. */
    static String replaceTable(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README has no " + BEGIN + " ... " + END + " section");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + markdownTable() + readme.substring(end);
    }

    private static String defaultCell(ConfigKey<?> k) {
        if (k.repeatable() || k.defaultValue() == null) {
            return "none";
        }
        return k.defaultValue().isEmpty() ? "empty" : "`" + k.defaultValue() + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
