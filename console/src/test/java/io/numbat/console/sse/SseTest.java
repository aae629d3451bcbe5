package io.numbat.console.sse;

import static io.numbat.console.ConsoleTestSupport.await;
import static io.numbat.console.Fixtures.cleared;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SseTest {
    private ConsoleTestSupport c;

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    /** Opens /api/events and appends everything received to {@code into}. */
    private HttpClientResponse listen(Vertx vertx, StringBuffer into, String lastEventId) {
        HttpClient http = vertx.createHttpClient();
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(c.console.port())
                .setURI("/api/events");
        if (lastEventId != null) {
            o.putHeader("Last-Event-ID", lastEventId);
        }
        return await(
                http.request(o).compose(r -> r.send()).onSuccess(resp -> resp.handler(b -> into.append(b.toString()))));
    }

    private static int count(StringBuffer s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aClientGetsASnapshotThenPushedAlarmChanges(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        long now = System.currentTimeMillis();
        c.intake.feedAndWait(s -> s.alarm(raised("old@sim", "web", "memory", Severity.MINOR, now)));
        StringBuffer got = new StringBuffer();
        HttpClientResponse resp = listen(vertx, got, "41"); // a reconnecting client: it gets the snapshot anyway
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.getHeader("Content-Type")).startsWith("text/event-stream");
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("event: snapshot"));
        assertThat(got.toString()).contains("\"id\":\"old@sim/memory\"");

        c.intake.feedAndWait(s -> s.alarm(raised("web-1@sim", "web", "process_limit", Severity.CRITICAL, now)));
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("\"change\":\"raised\""));
        assertThat(got.toString()).contains("event: alarm").contains("\"id\":\"web-1@sim/process_limit\"");

        assertThat(c.send(c.post("/api/alarms/web-1@sim%2Fprocess_limit/ack")).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("\"change\":\"acked\""));

        c.intake.feedAndWait(s -> s.alarm(cleared("web-1@sim", "web", "process_limit", now + 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("\"change\":\"cleared\""));
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("event: fleet"));
    }

    @Test
    void messagesPerClientAreRateBoundedButNoneIsLost(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, ConsoleTestSupport.config().withSseMessagesPerSecond(5));
        StringBuffer got = new StringBuffer();
        listen(vertx, got, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("event: snapshot"));
        long now = System.currentTimeMillis();
        long t0 = System.nanoTime();
        c.intake.feedAndWait(s -> {
            for (int i = 0; i < 20; i++) {
                s.alarm(raised("n" + i + "@sim", "web", "memory", Severity.MINOR, now));
            }
        });
        await().pollDelay(Duration.ofMillis(600)).until(() -> true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int sent = count(got, "\nevent: ") + (got.toString().startsWith("event: ") ? 1 : 0) - 1; // minus the snapshot
        assertThat(sent).as("messages after %.2f s", seconds).isLessThanOrEqualTo((int) (5 + 5 * seconds) + 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> count(got, "\"change\":\"raised\"") == 20);
    }

    @Test
    void changesToOneAlarmBetweenTwoSendsCoalesceIntoTheLatest(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        StringBuffer got = new StringBuffer();
        listen(vertx, got, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("event: snapshot"));
        long now = System.currentTimeMillis();
        c.intake.feedAndWait(
                s -> { // one turn of the event loop: no send in between
                    s.alarm(raised("b@sim", "web", "memory", Severity.MINOR, now));
                    s.alarm(raised("b@sim", "web", "memory", Severity.MAJOR, now + 1));
                    s.alarm(cleared("b@sim", "web", "memory", now + 2));
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> got.toString().contains("\"change\":\"cleared\""));
        assertThat(count(got, "event: alarm")).isEqualTo(1);
    }

    @Test
    void aBrokenClientDoesNotHoldUpTheOthers(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        StringBuffer first = new StringBuffer();
        StringBuffer second = new StringBuffer();
        HttpClientResponse broken = listen(vertx, first, null);
        listen(vertx, second, null);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> first.toString().contains("event: snapshot")
                        && second.toString().contains("event: snapshot"));
        await(broken.request().connection().close());
        c.intake.feedAndWait(
                s -> s.alarm(raised("web-1@sim", "web", "memory", Severity.MAJOR, System.currentTimeMillis())));
        await().atMost(Duration.ofSeconds(5)).until(() -> second.toString().contains("\"change\":\"raised\""));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> c.send(c.get("/metrics")).bodyAsString().contains("numbat_console_sse_clients 1.0"));
        Buffer m = c.send(c.get("/metrics")).body();
        assertThat(m.toString()).contains("numbat_console_sse_disconnected_total 1.0");
    }
}
