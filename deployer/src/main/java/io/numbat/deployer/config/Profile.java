package io.numbat.deployer.config;

import io.numbat.schemas.CapabilityProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * What every node of a family needs: at least {@code cores} and {@code memoryMb}, and, when given,
 * this architecture, an OTP release at least {@code minOtpVersion}, this region and these labels.
 * The immutable twin of the Avro {@link CapabilityProfile} carried by scaling decisions.
 */
public record Profile(
        int cores,
        long memoryMb,
        String architecture,
        Version minOtpVersion,
        String region,
        Map<String, String> labels) {

    public static final int DEFAULT_CORES = 1;
    public static final long DEFAULT_MEMORY_MB = 512;

    public Profile {
        labels = Labels.copy(labels);
    }

    /** Converts a decision's profile; throws {@link IllegalArgumentException} for a malformed OTP version. */
    public static Profile from(CapabilityProfile avro) {
        Map<String, String> labels = new HashMap<>();
        avro.getLabels().forEach((k, v) -> labels.put(k.toString(), v.toString()));
        return new Profile(
                avro.getCores(),
                avro.getMemoryMb(),
                text(avro.getArchitecture()),
                avro.getOtpVersion() == null
                        ? null
                        : Version.parse(avro.getOtpVersion().toString()),
                text(avro.getRegion()),
                labels);
    }

    private static String text(CharSequence s) {
        return s == null ? null : s.toString();
    }

    /** This profile as the Avro record that {@code ScalingDecision} and {@code NodeSpec} carry. */
    public CapabilityProfile toAvro() {
        return CapabilityProfile.newBuilder()
                .setCores(cores)
                .setMemoryMb(memoryMb)
                .setArchitecture(architecture)
                .setOtpVersion(minOtpVersion == null ? null : minOtpVersion.toString())
                .setRegion(region)
                .setLabels(new HashMap<>(labels))
                .build();
    }
}
