package io.numbat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.health.Health;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
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
    void healthIs503WhileKafkaIsNotCaughtUpAndWhenItIsAway(Vertx vertx) {
        try (ConsoleTestSupport c = new ConsoleTestSupport(vertx)) {
            c.intake.health = new Health(true, false, Map.of("lag", 12));
            var starting = c.send(c.get("/health"));
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(starting.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
            assertThat(starting.bodyAsJsonObject().getJsonObject("checks").getInteger("lag"))
                    .isEqualTo(12);
            assertThat(c.send(c.get("/health/live")).statusCode()).isEqualTo(200);
            assertThat(c.send(c.get("/health/ready")).statusCode()).isEqualTo(503);
            c.intake.health = new Health(false, false, Map.of("error", "TimeoutException"));
            assertThat(c.send(c.get("/health/live")).statusCode()).isEqualTo(503);
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
        assertThatThrownBy(() -> ok.withOperatorToken(" ")).hasMessageContaining("operator token");
        assertThatThrownBy(() -> ok.withCommandTimeout(Duration.ofMillis(10))).hasMessageContaining("command timeout");
        assertThat(ok.commandTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void configNeverPrintsItsTokens() {
        ConsoleConfig c = ConsoleTestSupport.config()
                .withToken("console-secret")
                .withOperatorToken("operator-secret")
                .withDeployerToken("deployer-secret");
        assertThat(c.toString())
                .contains("operatorToken=set")
                .doesNotContain("console-secret")
                .doesNotContain("operator-secret")
                .doesNotContain("deployer-secret");
    }
}
