package io.numbat.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numbat.platform.PlatformException;
import io.numbat.platform.alerts.AlarmForwarding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertsCommandTest {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void withoutAReceiverItRefusesToStart() {
        PlatformException e = assertThrows(
                PlatformException.class, () -> AlertsCommand.settings(List.of(), List.of(), null, MINUTE, 10));
        assertTrue(e.getMessage().contains("--alertmanager"), e.getMessage());
    }

    @Test
    void aBadUrlIsNamed() {
        PlatformException e = assertThrows(
                PlatformException.class,
                () -> AlertsCommand.settings(List.of("am1:9093"), List.of(), null, MINUTE, 10));
        assertTrue(e.getMessage().startsWith("--alertmanager am1:9093"), e.getMessage());
    }

    @Test
    void aZeroResendPeriodIsRefused() {
        assertThrows(
                PlatformException.class,
                () -> AlertsCommand.settings(List.of("http://am:9093"), List.of(), null, Duration.ZERO, 10));
    }

    @Test
    void anHaPairAndAWebhookAreAllReceivers() {
        AlarmForwarding.Settings s = AlertsCommand.settings(
                List.of("http://am1:9093", "http://am2:9093"), List.of("https://hook/x"), "http://c:8080", MINUTE, 10);
        assertEquals(2, s.alertmanagers().size());
        assertEquals(1, s.webhooks().size());
        assertEquals("http://c:8080", s.consoleUrl().orElseThrow());
    }

    @Test
    void theCommandParsesACommaSeparatedList() {
        AlertsCommand c = new AlertsCommand();
        new CommandLine(c).parseArgs("--alertmanager", "http://am1:9093,http://am2:9093", "--resend-every", "30s");
        assertEquals(List.of("http://am1:9093", "http://am2:9093"), c.alertmanagers);
        assertEquals(Duration.ofSeconds(30), c.resendEvery);
    }
}
