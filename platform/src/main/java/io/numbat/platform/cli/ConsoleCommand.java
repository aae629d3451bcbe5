package io.numbat.platform.cli;

import io.numbat.console.Console;
import io.numbat.console.ConsoleConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code numbat console}: the operator console's server (REST API, SSE, Prometheus /metrics). */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description =
                "Run the console server: REST API under /api, live events at /api/events (SSE), Prometheus /metrics; "
                        + "print console=URL, then 'numbat ready'; run until Ctrl-C.")
final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = {"--host", "--http-host"},
            defaultValue = "127.0.0.1",
            description = "Address to bind (default ${DEFAULT-VALUE}); any other address requires --token.")
    String host;

    @Option(
            names = {"--port", "--http-port"},
            defaultValue = "0",
            description = "Port (0 picks a free one); GET /health, /health/live and /health/ready are served there.")
    int port;

    @Option(
            names = "--token",
            defaultValue = "${env:NUMBAT_CONSOLE_TOKEN}",
            description = "Bearer token for acknowledgements, and for everything when bound beyond loopback "
                    + "(env NUMBAT_CONSOLE_TOKEN). Visible in ps: prefer the environment or --token-file.")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            defaultValue = "${env:NUMBAT_CONSOLE_TOKEN_FILE}",
            description = "File whose first line is the --token (env NUMBAT_CONSOLE_TOKEN_FILE).")
    Path tokenFile;

    @Option(
            names = "--deployer",
            paramLabel = "URL",
            description = "The deployer's REST API (http://127.0.0.1:PORT, logged by numbat demo); the scale form "
                    + "and POST /api/families/{f}/scale go there. Without it scaling answers 503.")
    URI deployer;

    @Option(
            names = "--deployer-token",
            paramLabel = "TOKEN",
            defaultValue = "${env:NUMBAT_DEPLOYER_TOKEN}",
            description = "The deployer's --token, sent with scale requests (env NUMBAT_DEPLOYER_TOKEN).")
    String deployerToken;

    @Option(
            names = "--deployer-token-file",
            paramLabel = "FILE",
            defaultValue = "${env:NUMBAT_DEPLOYER_TOKEN_FILE}",
            description = "File whose first line is the --deployer-token (env NUMBAT_DEPLOYER_TOKEN_FILE).")
    Path deployerTokenFile;

    @Option(
            names = "--operator-token-file",
            paramLabel = "FILE",
            description = "File whose first line is the operator token (or env " + OperatorToken.ENV + "): the "
                    + "console signs the actions of its gc and kill buttons with it, as numbat action does. Without "
                    + "it the buttons are disabled and POST /api/nodes/{node}/actions answers 403.")
    Path operatorTokenFile;

    @Option(
            names = "--command-timeout",
            paramLabel = "DURATION",
            defaultValue = "15s",
            converter = DurationConverter.class,
            description = "How long the console waits for an agent's answer to a process query or an action "
                    + "(default ${DEFAULT-VALUE}).")
    Duration commandTimeout;

    @Override
    public Integer call() throws Exception {
        Optional<byte[]> operatorToken = OperatorToken.find(operatorTokenFile, "--operator-token-file", System::getenv);
        Optional<String> apiToken =
                SecretOption.resolve(token, tokenFile, "--token (or NUMBAT_CONSOLE_TOKEN)", "--token-file");
        Optional<String> toDeployer = SecretOption.resolve(
                deployerToken,
                deployerTokenFile,
                "--deployer-token (or NUMBAT_DEPLOYER_TOKEN)",
                "--deployer-token-file");
        return Running.serve(closer -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "console");
            ConsoleConfig config = ConsoleConfig.of(session.connection(), session.registry())
                    .withPort(port)
                    .withCommandTimeout(commandTimeout);
            if (operatorToken.isPresent()) {
                config = config.withOperatorToken(new String(operatorToken.get(), StandardCharsets.UTF_8));
            }
            config = apiToken.isEmpty() ? config.withHost(host) : config.withHostAndToken(host, apiToken.get());
            if (deployer != null) {
                config = config.withDeployerUrl(deployer);
                if (toDeployer.isPresent()) {
                    config = config.withDeployerToken(toDeployer.get());
                }
            }
            Console console = closer.add(Console.start(config));
            System.out.println("console=" + console.url());
        });
    }
}
