package io.numbat.deployer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.api.DependencyUnavailableException;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operator decisions are published off the event loop; a registry or broker away is a DependencyUnavailableException. */
class OperatorDecisionsTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<Boolean> serialisedOnEventLoop = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static ScalingDecision decision() {
        return ScalingDecision.newBuilder()
                .setId("operator-1")
                .setFamily("db")
                .setTimestamp(Instant.now())
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(1)
                .setCurrentNodes(1)
                .setReason("test")
                .setSource("operator")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
    }

    /** A serializer like the Avro one while the registry is stopped: it fails (after its time-out). */
    private Serializer<ScalingDecision> registryAway() {
        return (topic, d) -> {
            serialisedOnEventLoop.add(Context.isOnEventLoopThread());
            throw new SerializationException(
                    "cannot register the schema of ScalingDecision",
                    new SchemaRegistryUnavailableException("http://127.0.0.1:1", new ConnectException()));
        };
    }

    /** Submits from an event loop, as the REST API does. */
    private Throwable submitFromEventLoop(OperatorDecisions decisions) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            Future<Void> f = decisions.submit(decision());
            f.onComplete(ar -> failure.complete(ar.cause()));
        });
        return failure.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aRegistryAwayFailsTheSubmitAsUnavailableWithoutBlockingTheEventLoop() throws Exception {
        MockProducer<String, ScalingDecision> producer =
                new MockProducer<>(true, null, new StringSerializer(), registryAway());

        Throwable failure = submitFromEventLoop(new OperatorDecisions(vertx, producer, 15_000));

        assertThat(failure)
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("the schema registry is unreachable");
        assertThat(serialisedOnEventLoop).containsExactly(false);
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeFailsTheSubmitAsUnavailable() throws Exception {
        MockProducer<String, ScalingDecision> producer =
                new MockProducer<>(false, null, new StringSerializer(), (topic, d) -> new byte[] {1});

        Throwable failure = submitFromEventLoop(new OperatorDecisions(vertx, producer, 50));

        assertThat(failure)
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("the Kafka broker is unavailable");
    }

    @Test
    void anAcknowledgedDecisionSucceeds() throws Exception {
        MockProducer<String, ScalingDecision> producer =
                new MockProducer<>(true, null, new StringSerializer(), (topic, d) -> new byte[] {1});

        assertThat(submitFromEventLoop(new OperatorDecisions(vertx, producer, 15_000)))
                .isNull();
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("db");
    }
}
