package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.platform.PlatformException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A long-running command whose part fails while running ends with that error, everything closed. */
class RunningTest {

    @Test
    void aFatalFailureWhileRunningClosesEverythingAndEndsTheCommandWithOneLine() {
        AtomicBoolean closed = new AtomicBoolean();
        assertThatThrownBy(() -> Running.serve((closer, fatal) -> {
                    closer.add(() -> closed.set(true));
                    Thread failing = new Thread(
                            () -> fatal.accept(new IllegalStateException("stream processor failed:\n  boom")));
                    failing.start();
                }))
                .isInstanceOf(PlatformException.class)
                .hasMessage("stream processor failed: boom");
        assertThat(closed).isTrue();
    }
}
