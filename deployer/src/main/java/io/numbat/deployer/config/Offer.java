package io.numbat.deployer.config;

import java.util.Map;
import java.util.Objects;

/**
 * What one node slot of a provider offers: the machine's cores, memory and architecture, the OTP
 * and JVM releases installed, where it is, and free-form labels. Absent values are {@code null}.
 */
public record Offer(
        int cores,
        long memoryMb,
        String architecture,
        Version otpVersion,
        Version jvmVersion,
        String region,
        String zone,
        Map<String, String> labels) {

    public Offer {
        labels = Labels.copy(labels);
    }

    /** Where this provider's nodes land for spreading: its zone, or the provider itself if it names none. */
    public String spreadKey(String provider) {
        return zone != null ? "zone " + zone : "provider " + Objects.requireNonNull(provider);
    }
}
