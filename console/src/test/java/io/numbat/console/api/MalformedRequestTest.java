package io.numbat.console.api;

import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@link ConsoleFuzzTest} found, one request each: requests Vert.x refuses or cannot decode are
 * answered as {@code {"error": ...}} with a 4xx, never a 500, an HTML or empty page, or no answer.
 */
@ExtendWith(VertxExtension.class)
class MalformedRequestTest {
    private static final String ACK = "/api/alarms/web-1@sim%2Fmemory/ack";
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private ConsoleTestSupport c;
    private RawHttp http;

    @BeforeEach
    void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        c.intake.feedAndWait(
                s -> s.alarm(raised("web-1@sim", "web", "memory", Severity.MAJOR, System.currentTimeMillis())));
        http = new RawHttp(c.console.port(), 10_000);
    }

    @AfterEach
    void stop() {
        http.close();
        c.close();
    }

    private RawHttp.Answer send(String method, String target, Map<String, String> headers, String body)
            throws Exception {
        return http.send(
                method, target.getBytes(StandardCharsets.ISO_8859_1), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's {@code error}, after checking its status and that it is JSON. */
    private static String error(RawHttp.Answer a, int status) {
        assertThat(a.status()).as(a.bodyText()).isEqualTo(status);
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        return new JsonObject(a.bodyText()).getString("error");
    }

    @Test
    void aQueryStringThatDoesNotDecodeIs400NotA500() throws Exception {
        assertThat(error(send("GET", "/api/nodes?q=%ZZ", Map.of(), ""), 400)).startsWith("malformed query string");
        assertThat(error(send("GET", "/health?x=%", Map.of(), ""), 400)).startsWith("malformed query string");
        assertThat(error(send("GET", "/?x=%", Map.of(), ""), 400)).startsWith("malformed query string");
    }

    @Test
    void aQueryStringThatDoesNotDecodeWithAFormBodyIs400NotAHang() throws Exception {
        assertThat(error(send("POST", ACK + "?q=%ZZ", FORM, "comment=x"), 400)).startsWith("malformed query string");
        assertThat(c.intake.published).isEmpty();
    }

    @Test
    void aFormBodyThatDoesNotDecodeIs400NotA500AndAJsonOneStillWorks() throws Exception {
        assertThat(error(send("POST", ACK, FORM, "x=%ZZ&%=&y"), 400)).startsWith("malformed request: ");
        RawHttp.Answer curl = send("POST", ACK, FORM, "{\"comment\": \"as curl -d sends it\"}");
        assertThat(curl.status()).as(curl.bodyText()).isEqualTo(200);
    }

    @Test
    void aBodyIsReadAsUtf8WhateverCharsetTheContentTypeNames() throws Exception {
        RawHttp.Answer r =
                send("POST", ACK, Map.of("Content-Type", "application/json; charset=nope"), "{\"comment\": \"café\"}");
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(c.intake.published.get(0).getComment()).isEqualTo("café");
    }

    @Test
    void anUnknownPathOutsideTheApiIs404Json() throws Exception {
        assertThat(error(send("GET", "/nothing-here.js", Map.of(), ""), 404))
                .isEqualTo("no such resource: /nothing-here.js");
        assertThat(error(send("GET", "/../../etc/passwd", Map.of(), ""), 404))
                .isEqualTo("no such resource: /../../etc/passwd");
    }

    @Test
    void aWrongMethodIs405Json() throws Exception {
        assertThat(error(send("PUT", "/metrics", Map.of(), ""), 405)).isEqualTo("method PUT not allowed on /metrics");
        RawHttp.Answer head = send("HEAD", "/", Map.of(), ""); // the status and headers only
        assertThat(head.status()).isEqualTo(405);
        assertThat(head.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aPathTheRouterCannotRouteIs400Json() throws Exception {
        assertThat(error(send("GET", "/api/nodes/%", Map.of(), ""), 400)).startsWith("malformed request");
        assertThat(error(send("GET", "/api/alarms/%ZZ/ack", Map.of(), ""), 400)).startsWith("malformed request");
        assertThat(error(send("GET", "?q=1", Map.of(), ""), 400)).contains("must start with '/'");
    }

    @Test
    void aRequestTheHttpCodecRejectsIsJsonWithItsStatus() throws Exception {
        assertThat(error(send("GET", "", Map.of(), ""), 400)).startsWith("malformed HTTP request");
        assertThat(error(send("GET", "/api/nodes/a\tb c", Map.of(), ""), 400)).startsWith("malformed HTTP request");
        assertThat(error(send("GET", "/api/nodes?q=" + "x".repeat(5_000), Map.of(), ""), 414))
                .startsWith("malformed HTTP request");
        assertThat(error(send("GET", "/api/fleet", Map.of("X-Big", "y".repeat(9_000)), ""), 431))
                .startsWith("malformed HTTP request");
    }

    @Test
    void theBodyIsBoundedAndNoUploadReachesTheDisk() throws Exception {
        boolean uploadsBefore = Files.exists(Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY));
        assertThat(error(send("POST", ACK, JSON, "{\"comment\": \"" + "y".repeat(100 * 1024) + "\"}"), 413))
                .isEqualTo("body too large");
        RawHttp.Answer upload = send(
                "POST",
                ACK,
                Map.of("Content-Type", "multipart/form-data; boundary=XyZ"),
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n" + "z".repeat(8_000) + "\r\n--XyZ--\r\n");
        assertThat(upload.status()).as(upload.bodyText()).isBetween(200, 499);
        assertThat(Files.exists(Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY))).isEqualTo(uploadsBefore);
    }
}
