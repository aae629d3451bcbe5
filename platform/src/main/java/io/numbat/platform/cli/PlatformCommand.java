package io.numbat.platform.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code numbat platform}: the embedded broker and registry only, with Numbat's topics. */
@Command(
        name = "platform",
        mixinStandardHelpOptions = true,
        description = "Start the embedded Kafka broker (KRaft) and Apicurio Registry with Numbat's topics; "
                + "print kafka= and registry=, then 'numbat ready'; run until Ctrl-C.")
final class PlatformCommand implements Callable<Integer> {
    @Mixin
    EmbeddedOptions embedded;

    @Override
    public Integer call() throws Exception {
        return Running.serve(closer -> ClusterSession.open(new ClusterOptions(), embedded, closer, System.out));
    }
}
