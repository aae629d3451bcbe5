package io.numbat.schemas.topic;

import org.apache.kafka.common.config.TopicConfig;

/** Kafka's {@code cleanup.policy} of a topic. */
public enum CleanupPolicy {
    /** Records expire by retention: streams of facts. */
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
    /** The latest record per key is kept: a table (live alarms, node registry). */
    COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }
}
