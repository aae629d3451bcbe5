package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code numbat deploy} against a deployer that wants a token, as one started with {@code --token} beyond loopback. */
class DeployCommandTest {
    private static final String TOKEN = "s3cret-c0ffee";

    private final FakeDeployer deployer = new FakeDeployer(TOKEN);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        deployer.close();
    }

    private int deploy(Map<String, String> env, String... options) {
        return deployTo(deployer.url(), env, options);
    }

    private int deployTo(String url, Map<String, String> env, String... options) {
        CommandLine cl = Numbat.commandLine();
        ((DeployCommand) cl.getSubcommands().get("deploy").getCommand()).deployer.env = env::get;
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(
                List.of("deploy", "--deployer", url, "--family", "web", "--count", "2", "--timeout", "10s"));
        args.addAll(List.of(options));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void sendsTheTokenOptionAsABearerHeaderOnEveryRequest() {
        assertThat(deploy(Map.of(), "--token", TOKEN)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("decision operator-1: 2 x web").contains("2 of 2 RUNNING, 0 FAILED");
        assertThat(deployer.authorizations).hasSizeGreaterThanOrEqualTo(2).containsOnly("Bearer " + TOKEN);
        assertThat(deployer.requests.get(0)).isEqualTo("POST /api/families/web/deploy {\"count\":2}");
    }

    @Test
    void takesTheApiUrlThatNumbatDeployerPrintsAsWellAsTheBaseUrl() {
        assertThat(deployTo(deployer.url() + "/api", Map.of(), "--token", TOKEN))
                .as(err.toString())
                .isZero();
        assertThat(deployer.requests.get(0)).isEqualTo("POST /api/families/web/deploy {\"count\":2}");
    }

    @Test
    void takesTheTokenFromNumbatDeployerTokenWhenNoOptionGivesOne() {
        assertThat(deploy(Map.of("NUMBAT_DEPLOYER_TOKEN", TOKEN)))
                .as(err.toString())
                .isZero();
        assertThat(deployer.authorizations).containsOnly("Bearer " + TOKEN);
    }

    @Test
    void theTokenOptionWinsOverTheEnvironment() {
        assertThat(deploy(Map.of("NUMBAT_DEPLOYER_TOKEN", "stale"), "--token", TOKEN))
                .as(err.toString())
                .isZero();
        assertThat(deployer.authorizations).containsOnly("Bearer " + TOKEN);
    }

    @Test
    void readsTheTokenFromAFileIgnoringItsTrailingNewline(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("deployer.token"), TOKEN + "\n");
        assertThat(deploy(Map.of("NUMBAT_DEPLOYER_TOKEN", "stale"), "--token-file", file.toString()))
                .as(err.toString())
                .isZero();
        assertThat(deployer.authorizations).containsOnly("Bearer " + TOKEN);
    }

    @Test
    void withoutATokenItIsOneLineSayingTheDeployerNeedsOne() {
        assertThat(deploy(Map.of())).isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .startsWith(
                        "numbat: error: the deployer at " + deployer.url()
                                + " needs a token (401): give its --token through --token-file, NUMBAT_DEPLOYER_TOKEN or --token");
        assertThat(deployer.requests).as("nothing was deployed").isEmpty();
    }

    @Test
    void aWrongTokenIsOneLineThatNamesWhereItCameFromButNotTheToken(@TempDir Path tmp) throws IOException {
        assertThat(deploy(Map.of(), "--token", "wrong-d00d")).isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .startsWith(
                        "numbat: error: the deployer at " + deployer.url() + " refused the token from --token (401)")
                .doesNotContain("wrong-d00d");

        err.getBuffer().setLength(0);
        Path file = Files.writeString(tmp.resolve("t"), "wrong-d00d");
        assertThat(deploy(Map.of(), "--token-file", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .contains("refused the token from --token-file " + file)
                .doesNotContain("wrong-d00d");

        err.getBuffer().setLength(0);
        assertThat(deploy(Map.of("NUMBAT_DEPLOYER_TOKEN", "wrong-d00d"))).isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .contains("refused the token from NUMBAT_DEPLOYER_TOKEN (401)")
                .doesNotContain("wrong-d00d");
        assertThat(out.toString()).doesNotContain("wrong-d00d");
    }

    @Test
    void aTokenAndATokenFileTogetherAreAUsageError(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("t"), TOKEN);
        assertThat(deploy(Map.of(), "--token", TOKEN, "--token-file", file.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void aMissingOrEmptyTokenFileIsOneLineWithoutContactingTheDeployer(@TempDir Path tmp) throws IOException {
        assertThat(deploy(Map.of(), "--token-file", tmp.resolve("absent").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .contains("cannot read --token-file " + tmp.resolve("absent") + ": no such file");
        err.getBuffer().setLength(0);
        Path empty = Files.writeString(tmp.resolve("empty"), " \n");
        assertThat(deploy(Map.of(), "--token-file", empty.toString())).isEqualTo(1);
        assertThat(err.toString()).hasLineCount(1).contains("--token-file " + empty + " is empty");
        assertThat(deployer.requests).isEmpty();
    }

    @Test
    void aRefusalIsOneLineWithTheDeployersReasonEvenWhenTheReasonHasANewline() {
        deployer.refusal = "no family 'web'\nsecond line";
        assertThat(deploy(Map.of(), "--token", TOKEN)).isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .startsWith("numbat: error: deployer refused (404): no family 'web'\\nsecond line");
    }

    /**
     * The deployer's REST API as far as {@code numbat deploy} uses it: every request needs the token (as
     * on a deployer bound beyond loopback), a deploy is decision {@code operator-1} whose nodes are all
     * RUNNING at once.
     */
    private static final class FakeDeployer implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        private final String token;
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile int count;
        volatile String refusal;

        FakeDeployer(String token) {
            this.token = token;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String authorization = ex.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    authorizations.add(authorization);
                }
                if (!("Bearer " + token).equals(authorization)) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    answer(
                            ex,
                            401,
                            "{\"error\":\"this request needs the deployer's token (Authorization: Bearer ...)\"}");
                    return;
                }
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + (body.isEmpty() ? "" : " " + body));
                if (refusal != null) {
                    answer(
                            ex,
                            404,
                            JSON.createObjectNode().put("error", refusal).toString());
                } else if (ex.getRequestMethod().equals("POST")) {
                    count = JSON.readTree(body).path("count").asInt();
                    answer(
                            ex,
                            202,
                            "{\"decision\":\"operator-1\",\"family\":\"web\",\"action\":\"SCALE_OUT\",\"count\":"
                                    + count + ",\"currentNodes\":0}");
                } else {
                    ArrayNode nodes = JSON.createArrayNode();
                    nodes.addObject()
                            .put("node", "web-old")
                            .put("state", "RUNNING")
                            .put("decisionId", "operator-0");
                    for (int i = 1; i <= count; i++) {
                        nodes.addObject()
                                .put("node", "web-" + i)
                                .put("family", "web")
                                .put("provider", "sim")
                                .put("state", "RUNNING")
                                .put("decisionId", "operator-1");
                    }
                    answer(ex, 200, nodes.toString());
                }
            }
        }

        private static void answer(HttpExchange ex, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
