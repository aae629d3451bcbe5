package io.numbat.console.view;

import io.numbat.schemas.NodeEvent;
import java.util.Map;

/**
 * One error log event of a node (a LOG node event): when (on the node), level, message, the report if it was one,
 * the logger metadata, and how many events the rate limit dropped before it.
 */
public record NodeLog(
        long timestamp, String level, String message, String report, Map<String, String> metadata, long dropped) {
    static NodeLog of(NodeEvent e) {
        return new NodeLog(
                e.getTimestamp().toEpochMilli(),
                e.getLevel() == null ? "error" : e.getLevel(),
                e.getMessage() == null ? "" : e.getMessage(),
                e.getReport(),
                Map.copyOf(e.getMetadata()),
                e.getDroppedLogs());
    }
}
