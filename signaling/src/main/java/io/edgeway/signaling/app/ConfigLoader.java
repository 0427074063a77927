package io.edgeway.signaling.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Builds the effective configuration from every source, in rising precedence:
 * built-in defaults &lt; {@code --coturn-config} file &lt; {@code --config} YAML file &lt;
 * {@code EDGEWAY_*} environment &lt; command-line flags. Each later source replaces a key's whole
 * value. Problems from every source and every check are collected and returned together.
 *
 * <p>The environment is passed in (never read here) so tests can supply it. Stateless; the only
 * side effect is the coturn import report written to {@code notices}.
 */
public final class ConfigLoader {

    /** What loading produced. */
    public sealed interface Outcome permits ShowText, Invalid, Loaded {
    }

    /** {@code --help} or {@code --version}: print the text to stdout and exit 0. */
    public record ShowText(String text) implements Outcome {
    }

    /** The configuration is invalid: print each problem to stderr and exit 2. */
    public record Invalid(List<String> problems) implements Outcome {
    }

    /** A valid configuration; {@code printConfig} asks to print it and exit instead of starting. */
    public record Loaded(EdgewayConfig config, boolean printConfig) implements Outcome {
    }

    private ConfigLoader() {
    }

    /**
     * @param args    the command line
     * @param env     the environment (only {@code EDGEWAY_*} entries are looked at)
     * @param random  source for generated credentials
     * @param notices where the coturn import report goes (stderr in production)
     */
    public static Outcome load(String[] args, Map<String, String> env, RandomGenerator random, PrintStream notices) {
        List<String> errors = new ArrayList<>();
        CommandLineSource.Parsed cli = CommandLineSource.parse(args, errors);
        if (cli == null) {
            return new Invalid(errors);
        }
        if (cli.help()) {
            return new ShowText(CommandLineSource.usage(Version.current()));
        }
        if (cli.version()) {
            return new ShowText("Edgeway " + Version.current());
        }

        List<ConfigLayer> layers = new ArrayList<>();
        layers.add(ConfigLayer.defaults());
        String coturnFile = cli.coturnFile() != null ? cli.coturnFile() : env.get(EnvConfigSource.COTURN_CONFIG_VAR);
        if (coturnFile != null) {
            CoturnConfigImporter.Result imported = CoturnConfigImporter.read(Path.of(coturnFile), errors);
            layers.add(imported.layer());
            if (!imported.notes().isEmpty()) {
                CoturnConfigImporter.describe(coturnFile, imported.notes()).forEach(notices::println);
            }
        }
        String configFile = cli.configFile() != null ? cli.configFile() : env.get(EnvConfigSource.CONFIG_VAR);
        if (configFile != null) {
            layers.add(YamlConfigSource.read(Path.of(configFile), errors));
        }
        layers.add(EnvConfigSource.read(env, errors));
        layers.add(cli.layer());

        try {
            List<Path> sources = new ArrayList<>();
            if (coturnFile != null) {
                sources.add(Path.of(coturnFile));
            }
            if (configFile != null) {
                sources.add(Path.of(configFile));
            }
            EdgewayConfig config = EdgewayConfig.resolve(ConfigLayer.merge(layers), random).withSourceFiles(sources);
            return errors.isEmpty() ? new Loaded(config, cli.printConfig()) : new Invalid(errors);
        } catch (ConfigException e) {
            errors.addAll(e.problems());
            return new Invalid(errors);
        }
    }
}
