package io.numbat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConsoleTest {
    @Test
    void startsOnAFreeLoopbackPortAndSaysWhere(Vertx vertx) {
        try (ConsoleTestSupport c = new ConsoleTestSupport(vertx)) {
            assertThat(c.console.port()).isPositive();
            assertThat(c.console.url().toString()).isEqualTo("http://127.0.0.1:" + c.console.port());
            assertThat(c.send(c.get("/health")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsAStartUpErrorWithTheReason(Vertx vertx) {
        try (ConsoleTestSupport c = new ConsoleTestSupport(vertx)) {
            ConsoleConfig same = ConsoleTestSupport.config().withPort(c.console.port());
            assertThatThrownBy(() -> Console.start(vertx, same, new TestIntake()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot start the console on 127.0.0.1:" + c.console.port() + ": ");
        }
    }

    @Test
    void configIsValidated() {
        ConsoleConfig ok = ConsoleTestSupport.config();
        assertThat(ok.host()).isEqualTo("127.0.0.1");
        assertThat(ok.sseMessagesPerSecond()).isEqualTo(4);
        assertThatThrownBy(() -> ok.withPort(70_000)).hasMessageContaining("port");
        assertThatThrownBy(() -> ok.withToken(" ")).hasMessageContaining("token");
        assertThatThrownBy(() -> ok.withSseMessagesPerSecond(0)).hasMessageContaining("SSE");
        assertThat(ok.withHostAndToken("0.0.0.0", "t").loopbackOnly()).isFalse();
    }
}
