package io.numbat.platform.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags of the embedded broker and registry. */
public final class EmbeddedOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the broker, registry log and processor state live. Default: a new temporary "
                    + "directory, deleted on exit.")
    Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port of the embedded broker on 127.0.0.1 (0 picks a free one; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            defaultValue = "1",
            description = "Embedded Kafka brokers: 1 runs in-process; 3 (or more) run as a local cluster of broker "
                    + "processes, each also a KRaft controller, with topics replicated 3 times and min.insync.replicas 2 "
                    + "(default ${DEFAULT-VALUE}).")
    int brokers;

    @Option(
            names = "--security",
            paramLabel = "MODE",
            defaultValue = "none",
            description =
                    "none, or sasl_ssl: the embedded broker takes only TLS connections with SCRAM logins, one user "
                            + "per component with least-privilege ACLs; prints client-config= (the admin's client properties; one "
                            + "file per component beside it) and ca= (the CA certificate in PEM) (default ${DEFAULT-VALUE}).")
    String security;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port of the embedded registry on 127.0.0.1 (0 picks a free one; default ${DEFAULT-VALUE}).")
    int registryPort;
}
