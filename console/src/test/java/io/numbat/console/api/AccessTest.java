package io.numbat.console.api;

import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.console.ConsoleConfig;
import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AccessTest {
    private static final String ACK = "/api/alarms/web-1@sim%2Fmemory/ack";
    private ConsoleTestSupport c;

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    private void startWith(Vertx vertx, ConsoleConfig config) {
        c = new ConsoleTestSupport(vertx, config);
        c.intake.feedAndWait(
                s -> s.alarm(raised("web-1@sim", "web", "memory", Severity.MAJOR, System.currentTimeMillis())));
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> ConsoleTestSupport.config().withHost("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requires a token");
        assertThat(ConsoleTestSupport.config().loopbackOnly()).isTrue();
        assertThat(ConsoleTestSupport.config().withHost("localhost").loopbackOnly())
                .isTrue();
    }

    @Test
    void onLoopbackReadsAreOpenButActionsNeedTheToken(Vertx vertx) {
        startWith(vertx, ConsoleTestSupport.config().withToken("s3cret"));
        assertThat(c.send(c.get("/api/fleet")).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> r = c.send(c.post(ACK));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.bodyAsJsonObject().getString("error")).contains("token");
        assertThat(c.send(c.post(ACK).bearerTokenAuthentication("wrong")).statusCode())
                .isEqualTo(401);
        assertThat(c.send(c.post(ACK + "?access_token=s3cret")).statusCode()).isEqualTo(401); // only in the header
        assertThat(c.send(c.post(ACK).bearerTokenAuthentication("s3cret")).statusCode())
                .isEqualTo(200);
        assertThat(c.intake.published).hasSize(1);
    }

    @Test
    void withoutATokenOnLoopbackActionsAreOpen(Vertx vertx) {
        startWith(vertx, ConsoleTestSupport.config());
        assertThat(c.send(c.post(ACK)).statusCode()).isEqualTo(200);
    }

    @Test
    void boundBeyondLoopbackEveryRequestButHealthNeedsTheToken(Vertx vertx) {
        startWith(vertx, ConsoleTestSupport.config().withHostAndToken("0.0.0.0", "s3cret"));
        assertThat(c.send(c.get("/api/fleet")).statusCode()).isEqualTo(401);
        assertThat(c.send(c.get("/metrics")).statusCode()).isEqualTo(401);
        assertThat(c.send(c.get("/health")).statusCode()).isEqualTo(200);
        assertThat(c.send(c.get("/api/fleet").bearerTokenAuthentication("s3cret"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(c.send(c.get("/api/fleet?access_token=s3cret")).statusCode()).isEqualTo(200); // EventSource
        assertThat(c.send(c.get("/api/fleet?access_token=nope")).statusCode()).isEqualTo(401);
    }
}
