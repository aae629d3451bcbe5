package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.platform.ErlangParentWatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real {@code erl} node started with {@link ErlangParentWatch}'s arguments halts once its owner process is gone. */
class ErlangParentWatchIT {

    @Test
    void erlNodeHaltsWhenItsOwnerIsKilled() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        Process owner = new ProcessBuilder("sleep", "600").start();
        List<String> cmd = new ArrayList<>(List.of(
                "erl", "-sname", "watched_" + UUID.randomUUID().toString().substring(0, 8), "-noshell", "-noinput"));
        cmd.addAll(ErlangParentWatch.erlArgs(owner.pid()));
        Process node = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(node.waitFor(4, TimeUnit.SECONDS))
                    .as("the node runs while its owner does")
                    .isFalse();

            owner.destroyForcibly();
            long killed = System.nanoTime();

            // the node checks once a second; 15 s leaves room for a loaded machine
            assertThat(node.waitFor(15, TimeUnit.SECONDS))
                    .as("the node halted within 15 s of its owner's death")
                    .isTrue();
            System.out.printf(
                    "erl node halted %.1f s after its owner was killed%n", (System.nanoTime() - killed) / 1e9);
        } finally {
            owner.destroyForcibly();
            node.destroyForcibly();
        }
    }
}
