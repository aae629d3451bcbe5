package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code numbat autoscaling pause|resume} sets the family policy through the deployer's REST API, with a reason. */
class AutoscalingCommandTest {
    private HttpServer deployer;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        deployer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        deployer.createContext("/api/", this::handle);
        deployer.start();
    }

    @AfterEach
    void stop() {
        deployer.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization"));
            String mode = body.contains("\"PAUSED\"") ? "PAUSED" : "AUTO";
            byte[] answer = ("{\"family\":\"web\",\"mode\":\"" + mode + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(202, answer.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(answer);
            }
        }
    }

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String url() {
        return "http://127.0.0.1:" + deployer.getAddress().getPort();
    }

    @Test
    void pauseAndResumeWriteTheFamilyPolicyWithTheReasonAndTheToken() {
        assertThat(run(
                        "autoscaling",
                        "pause",
                        "--family",
                        "web",
                        "--reason",
                        "load test",
                        "--user",
                        "ana",
                        "--deployer",
                        url(),
                        "--token",
                        "dep-token"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("autoscaling of web: paused");
        assertThat(requests.get(0))
                .startsWith("PUT /api/families/web/policy ")
                .contains("\"mode\":\"PAUSED\"")
                .contains("\"reason\":\"load test\"")
                .contains("\"user\":\"ana\"")
                .endsWith("auth=Bearer dep-token");
        assertThat(run("autoscaling", "resume", "--family", "web", "--reason", "done", "--deployer", url()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("autoscaling of web: resumed");
        assertThat(requests.get(1)).contains("\"mode\":\"AUTO\"");
    }

    @Test
    void aReasonIsRequired() {
        assertThat(run("autoscaling", "pause", "--family", "web", "--deployer", url()))
                .isEqualTo(2);
        assertThat(run("autoscaling", "pause", "--family", "web", "--reason", " ", "--deployer", url()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("--reason is empty");
        assertThat(requests).isEmpty();
    }
}
