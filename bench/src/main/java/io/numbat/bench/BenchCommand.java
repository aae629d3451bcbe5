package io.numbat.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code numbat bench}: benchmarks that print the README's figures as {@code RESULT} lines. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark; its last line is 'RESULT <name> key=value ...'.",
        subcommands = {
            SerdeBench.class,
            FleetBench.class,
            LeadTimeBench.class,
            PreventBench.class,
            IngestBench.class,
            CapacityBench.class,
            BeamBench.class,
            AgentBench.class,
            FailoverBench.class,
            DeployBench.class,
            DeployerFailoverBench.class,
            ConsoleBench.class
        })
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing benchmark: choose one of " + spec.subcommands().keySet());
    }
}
