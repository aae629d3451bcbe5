package io.numbat.platform.cli;

import io.numbat.platform.access.AccessPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code numbat topics --print}: the commands that prepare an existing cluster for Numbat. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Print the kafka-topics.sh and kafka-acls.sh commands that create Numbat's topics and "
                + "least-privilege ACLs (one principal per component) on an existing cluster.")
final class TopicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--print", required = true, description = "Print the commands (nothing is changed).")
    boolean print;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:NUMBAT_BOOTSTRAP_SERVERS:-BROKER:9092}",
            description = "Cluster the commands talk to (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--replication-factor",
            defaultValue = "3",
            description = "Of the topics (default ${DEFAULT-VALUE}).")
    int replication;

    @Option(
            names = "--principal-prefix",
            defaultValue = "User:numbat-",
            description = "Principals are <prefix><component> (default ${DEFAULT-VALUE}).")
    String principalPrefix;

    @Override
    public Integer call() {
        if (replication < 1) {
            throw new IllegalArgumentException("--replication-factor must be >= 1, was " + replication);
        }
        var out = spec.commandLine().getOut();
        new AccessPlan(principalPrefix).commands(bootstrap, replication).forEach(out::println);
        out.flush();
        return 0;
    }
}
