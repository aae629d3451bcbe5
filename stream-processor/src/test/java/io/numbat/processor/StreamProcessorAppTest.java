package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamProcessorAppTest {

    @Test
    void describesAFailureOnOneLineWithEachCauseThatSaysSomethingNew() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        Throwable failure = new StreamsException(
                "Exception caught in process. taskId=0_3,\nprocessor=metrics-decode",
                new SchemaRegistryUnavailableException("http://registry", refused));

        assertThat(StreamProcessorApp.describe(failure))
                .isEqualTo("stream processor failed: Exception caught in "
                        + "process. taskId=0_3, processor=metrics-decode: schema registry at http://registry is unreachable: "
                        + "ConnectException");
    }
}
