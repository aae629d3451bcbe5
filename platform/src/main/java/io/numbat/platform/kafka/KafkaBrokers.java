package io.numbat.platform.kafka;

/** The embedded Kafka: one in-process broker or a local cluster of broker processes. */
public interface KafkaBrokers extends AutoCloseable {
    /** Every broker's address, comma-separated. */
    String bootstrapServers();

    /** How many brokers. */
    int size();

    @Override
    void close();
}
