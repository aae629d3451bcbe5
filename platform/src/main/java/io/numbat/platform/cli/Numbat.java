package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.logging.LogFormat;
import io.numbat.schemas.registry.SchemaRegistryException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code numbat} command line. Usage errors exit with 2; start-up problems the operator can fix
 * (a port in use, an unwritable directory, an unreachable registry or broker) print one line and
 * exit with 1.
 */
@Command(
        name = "numbat",
        mixinStandardHelpOptions = true,
        version = "numbat 0.1.0",
        description = "Kafka-native operations for Erlang/OTP fleets.",
        subcommands = {
            DemoCommand.class,
            PlatformCommand.class,
            FleetCommand.class,
            AgentCommand.class,
            ScrapeCommand.class,
            FaultCommand.Inject.class,
            FaultCommand.Recover.class,
            ReplayCommand.class,
            ProcessorCommand.class,
            ConsoleCommand.class,
            TopicsCommand.class,
            DeployCommand.class,
            DeployerCommand.class,
            PolicyCommand.class,
            InspectCommand.class,
            ActionCommand.class,
            TopCommand.class,
            RemediationsCommand.class,
            AlertsCommand.class,
            SilenceCommand.class,
            AutoscalingCommand.class
        })
public final class Numbat implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--log-format",
            paramLabel = "text|json",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:" + LogFormat.ENV + ":-text}",
            description = "Log lines on stderr: text (ISO 8601 time with zone, level, logger, message) or json "
                    + "(one JSON object per line); env " + LogFormat.ENV + ", default ${DEFAULT-VALUE}.")
    void logFormat(String format) {
        try {
            LogFormat.use(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-format: " + e.getMessage());
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: choose one of " + spec.subcommands().keySet());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Numbat());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            cl.addSubcommand(plugin.command());
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof PlatformException
                    || e instanceof SchemaRegistryException
                    || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("numbat: error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    public static void main(String[] args) {
        int rc = commandLine().execute(args);
        if (rc != 0) {
            System.exit(rc);
        }
    }
}
