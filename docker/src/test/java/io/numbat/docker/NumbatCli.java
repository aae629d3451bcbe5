package io.numbat.docker;

import io.numbat.platform.cli.Numbat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The real {@code numbat} command line (with its plugins), as the image's entrypoint runs it. */
final class NumbatCli {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(NUMBAT_[A-Z0-9_]+)");

    private NumbatCli() {}

    static Set<String> subcommands() {
        return Numbat.commandLine().getSubcommands().keySet();
    }

    /** Parses the arguments as {@code numbat ARGS}; throws picocli's ParameterException when they are wrong. */
    static ParseResult parse(List<String> args) {
        return Numbat.commandLine().parseArgs(args.toArray(String[]::new));
    }

    /** The NUMBAT_* environment variables a sub-command reads: those in its options' {@code ${env:...}} defaults. */
    static Set<String> environmentReadBy(String subcommand) {
        CommandLine cl = Numbat.commandLine();
        cl.setInterpolateVariables(false); // the raw defaults, ${env:NAME} included
        CommandLine sub = cl.getSubcommands().get(subcommand);
        if (sub == null) {
            throw new IllegalArgumentException("numbat has no command " + subcommand);
        }
        Set<String> out = new TreeSet<>();
        for (OptionSpec option : sub.getCommandSpec().options()) {
            String raw = option.defaultValue();
            if (raw != null) {
                Matcher m = ENV_DEFAULT.matcher(raw);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }
}
