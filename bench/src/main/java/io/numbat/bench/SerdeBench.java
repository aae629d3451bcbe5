package io.numbat.bench;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cost of the Confluent-wire-format Avro serde on the hot path: {@link MetricBatch}es of
 * {@code --metrics} samples serialised and deserialised on one thread, registry lookups cached.
 */
@Command(
        name = "serde",
        mixinStandardHelpOptions = true,
        description =
                "Serialise and deserialise MetricBatches on one thread; prints batches/s, samples/s, bytes/sample.")
final class SerdeBench implements Callable<Integer> {
    @Option(names = "--metrics", defaultValue = "100", description = "Samples per batch (default ${DEFAULT-VALUE}).")
    int metrics;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() {
        Serde<MetricBatch> serde = Topics.METRICS.valueSerde(new InMemorySchemaRegistry());
        Serializer<MetricBatch> ser = serde.serializer();
        Deserializer<MetricBatch> de = serde.deserializer();
        List<MetricBatch> batches = batches(1_000);
        String topic = Topics.METRICS.name();
        List<byte[]> encoded = new ArrayList<>();
        batches.forEach(b -> encoded.add(ser.serialize(topic, b)));
        double bytesPerSample =
                encoded.stream().mapToInt(e -> e.length).average().orElseThrow() / metrics;

        run(seconds / 3 + 1, i -> ser.serialize(topic, batches.get(i % batches.size()))); // warm-up
        double serPerS = run(seconds, i -> ser.serialize(topic, batches.get(i % batches.size())));
        run(seconds / 3 + 1, i -> de.deserialize(topic, encoded.get(i % encoded.size())));
        double dePerS = run(seconds, i -> de.deserialize(topic, encoded.get(i % encoded.size())));

        System.out.printf(Locale.ROOT, "serialise:   %,.0f batches/s = %,.0f samples/s%n", serPerS, serPerS * metrics);
        System.out.printf(Locale.ROOT, "deserialise: %,.0f batches/s = %,.0f samples/s%n", dePerS, dePerS * metrics);
        System.out.printf(
                Locale.ROOT,
                "RESULT serde metrics=%d serialise_samples_per_s=%.0f deserialise_samples_per_s=%.0f bytes_per_sample=%.2f%n",
                metrics,
                serPerS * metrics,
                dePerS * metrics,
                bytesPerSample);
        return 0;
    }

    private interface Op {
        Object apply(int i);
    }

    /** Calls {@code op} for {@code seconds}; returns calls per second. */
    private static double run(int seconds, Op op) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        int n = 0;
        Object sink = null;
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 100; k++) {
                sink = op.apply(n++);
            }
        }
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private List<MetricBatch> batches(int count) {
        SplittableRandom random = new SplittableRandom(1);
        List<MetricBatch> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<Sample> samples = new ArrayList<>(metrics);
            for (int m = 0; m < metrics; m++) {
                samples.add(new Sample(m + 1, random.nextDouble() * 1e6));
            }
            out.add(MetricBatch.newBuilder()
                    .setNode("node-" + b + "@host")
                    .setFamily("web")
                    .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L + b))
                    .setSequence(b)
                    .setSamples(samples)
                    .setLimits(List.of(new Sample(10, 262_144.0)))
                    .build());
        }
        return out;
    }
}
