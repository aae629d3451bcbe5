package io.numbat.platform.cli;

import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How a command reaches the deployer's REST API: its URL and the token ({@link DeployerToken}). */
final class DeployerOptions {
    @Option(
            names = "--deployer",
            paramLabel = "URL",
            required = true,
            defaultValue = "${env:NUMBAT_DEPLOYER}",
            description = "The deployer's REST API base URL, e.g. http://127.0.0.1:8081, or the deployer= URL "
                    + "numbat deployer prints (env NUMBAT_DEPLOYER; the demo logs it).")
    String deployer;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    DeployerToken.Options tokenOptions;

    /** Environment variables; tests replace it. */
    UnaryOperator<String> env = System::getenv;

    DeployerClient client() {
        return new DeployerClient(deployer, DeployerToken.find(tokenOptions, env));
    }
}
