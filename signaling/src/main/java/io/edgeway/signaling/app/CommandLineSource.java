package io.edgeway.signaling.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line, built with picocli's programmatic API from {@link ConfigKeys}: one
 * {@code --key} option per setting plus the options that steer loading ({@code --config},
 * {@code --coturn-config}, {@code --print-config}, {@code --help}, {@code --version}).
 *
 * <p>Options are read as text and parsed by {@link ValueType} like every other source, so
 * messages are the same whichever way a value arrived. Flags ({@code --no-tls}) take an optional
 * {@code =false}; repeatable keys are given once per value.
 */
final class CommandLineSource {

    static final String CONFIG = "--config";
    static final String COTURN_CONFIG = "--coturn-config";
    static final String PRINT_CONFIG = "--print-config";

    /** What the command line asked for. */
    record Parsed(ConfigLayer layer, String configFile, String coturnFile, boolean printConfig,
                  boolean help, boolean version) {
    }

    private CommandLineSource() {
    }

    /** Parses {@code args}; a bad command line adds a message to {@code errors} and returns null. */
    static Parsed parse(String[] args, List<String> errors) {
        CommandLine cl = commandLine("");
        ParseResult pr;
        try {
            pr = cl.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            boolean unknownOption = false;
            for (String arg : e.getUnmatched()) {
                if (arg.startsWith("-")) {
                    String name = arg.split("=", 2)[0];
                    errors.add(name + ": unknown option" + DidYouMean.hint(name, optionNames(cl.getCommandSpec())));
                    unknownOption = true;
                }
            }
            if (!unknownOption) {
                // Values left over after an unknown option are most likely its value; otherwise say so.
                errors.add(e.getUnmatched().get(0) + ": unexpected argument (every setting is given as --key=value)");
            }
            return null;
        } catch (CommandLine.ParameterException e) {
            errors.add(e.getMessage());
            return null;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            OptionSpec o = pr.matchedOption(key.option());
            if (o == null) {
                continue;
            }
            if (key.isFlag() && ((String) o.getValue()).startsWith("-")) {
                // picocli hands an unknown option after a flag to the flag as its value.
                String name = ((String) o.getValue()).split("=", 2)[0];
                errors.add(name + ": unknown option" + DidYouMean.hint(name, optionNames(cl.getCommandSpec())));
                continue;
            }
            if (key.repeatable()) {
                List<String> list = o.getValue();
                values.put(key.name(), new ArrayList<>(list));
            } else {
                values.put(key.name(), List.of((String) o.getValue()));
            }
        }
        return new Parsed(new ConfigLayer("command line", values),
                pr.matchedOptionValue(CONFIG, null),
                pr.matchedOptionValue(COTURN_CONFIG, null),
                pr.hasMatchedOption(PRINT_CONFIG),
                pr.isUsageHelpRequested(),
                pr.isVersionHelpRequested());
    }

    /** The {@code --help} text. */
    static String usage(String version) {
        return commandLine(version).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    static CommandLine commandLine(String version) {
        CommandSpec spec = CommandSpec.create()
                .name("edgeway")
                .version("Edgeway " + version)
                .mixinStandardHelpOptions(true);
        spec.usageMessage()
                .width(100)
                .abbreviateSynopsis(true)
                .sortOptions(false)
                .description(
                        "Self-hosted WebRTC edge gateway. This release runs the TURN/STUN server.",
                        "",
                        "Every setting below is also a YAML key (--config) and an EDGEWAY_* environment variable.",
                        "Precedence: built-in defaults < --coturn-config < --config < environment < flags.",
                        "With no credentials configured, a user and a REST secret are generated and printed once.")
                .footer("", "Exit status: 0 on success and on SIGTERM, 2 for an invalid configuration, 1 if the"
                        + " server cannot start.");

        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(String.class)
                .description("YAML configuration file. Env: " + EnvConfigSource.CONFIG_VAR + ".").build());
        spec.addOption(OptionSpec.builder(COTURN_CONFIG).paramLabel("FILE").type(String.class)
                .description("Import a coturn turnserver.conf and list the lines Edgeway does not support."
                        + " Env: " + EnvConfigSource.COTURN_CONFIG_VAR + ".").build());
        spec.addOption(OptionSpec.builder(PRINT_CONFIG).arity("0")
                .description("Print the effective configuration as YAML, secrets redacted, and exit.").build());

        for (ConfigKey<?> key : ConfigKeys.ALL) {
            OptionSpec.Builder o = OptionSpec.builder(key.option())
                    .paramLabel("<" + key.label() + ">")
                    .description(escape(key.description()), escape(details(key)));
            if (key.isFlag()) {
                o.type(String.class).arity("0..1").fallbackValue("true");
            } else if (key.repeatable()) {
                o.type(List.class).auxiliaryTypes(String.class).arity("1");
            } else {
                o.type(String.class).arity("1");
            }
            spec.addOption(o.build());
        }
        CommandLine cl = new CommandLine(spec);
        cl.setExpandAtFiles(false);
        return cl;
    }

    /** "Default: x. Env: EDGEWAY_X. coturn: same name. Repeatable." */
    static String details(ConfigKey<?> key) {
        StringBuilder sb = new StringBuilder();
        if (key.defaultValue() != null) {
            sb.append("Default: ").append(key.defaultValue().isEmpty() ? "\"\"" : key.defaultValue()).append(". ");
        }
        sb.append("Env: ").append(key.envName()).append('.');
        if (key.inCoturn()) {
            sb.append(" Same as coturn.");
        }
        if (key.repeatable()) {
            sb.append(" Repeatable.");
        }
        return sb.toString();
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            names.add(o.longestName());
        }
        return names;
    }

    /** picocli formats descriptions with String.format. */
    private static String escape(String s) {
        return s.replace("%", "%%");
    }
}
