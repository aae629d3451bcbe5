package io.numbat.agent.host;

import java.util.List;

/**
 * One reading of a host's vital signs, in plain numbers (no OSHI types), so that turning it into
 * batches can be tested without a host.
 */
public record HostReading(
        double cpu,
        List<Double> cpuPerCore,
        double[] loadAverage,
        long memoryTotal,
        long memoryAvailable,
        long swapTotal,
        long swapUsed,
        List<FileSystemUse> fileSystems,
        List<InterfaceCounters> interfaces,
        long openFileDescriptors,
        long maxFileDescriptors) {

    /** One mounted filesystem. */
    public record FileSystemUse(String mount, long used, long total) {}

    /** One network interface's counters since boot. */
    public record InterfaceCounters(String name, long bytesIn, long bytesOut, long errorsIn, long errorsOut) {}
}
