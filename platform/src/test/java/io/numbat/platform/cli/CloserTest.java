package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void stopsProducersAndConsumersBeforeTheRegistryAndTheBrokers() {
        // the order in which a demo registers its parts
        Closer closer = new Closer();
        closer.add(part("data directory"));
        closer.add(part("broker and registry"));
        closer.add(part("registry client"));
        closer.add(part("fleet, processor, deployer"));
        closer.add(part("console"));
        closer.add(part("erl nodes and their agent"));

        closer.close();

        assertThat(closed)
                .containsExactly(
                        "erl nodes and their agent",
                        "console",
                        "fleet, processor, deployer",
                        "registry client",
                        "broker and registry",
                        "data directory");
    }

    @Test
    void keepsClosingWhenAPartFailsToClose() {
        Closer closer = new Closer();
        closer.add(part("platform"));
        closer.add(() -> {
            throw new IllegalStateException("boom");
        });
        closer.add(part("loop"));

        closer.close();

        assertThat(closed).containsExactly("loop", "platform");
    }

    @Test
    void takesNothingOnOnceClosingHasBegun() {
        Closer closer = new Closer();
        closer.add(part("platform"));
        closer.close();

        assertThat(closer.closing()).isTrue();
        assertThatThrownBy(() -> closer.add(part("started too late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopping");
        assertThat(closed).containsExactly("platform", "started too late");
        closer.close();
        assertThat(closed).as("each part is closed once").hasSize(2);
    }
}
