package io.numbat.deployer.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Immutable, key-sorted copies of label maps, so configs and explanations list labels in one order. */
final class Labels {
    private Labels() {}

    static Map<String, String> copy(Map<String, String> labels) {
        return labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
