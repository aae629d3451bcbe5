package io.numbat.agent.host;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link HostReading} into batches: one for the host (CPU, load, memory, swap,
 * descriptors, with memory, swap and descriptor limits) and one per core ({@code <host>/cpu:N}),
 * mounted filesystem ({@code <host>/fs:MOUNT}, with its size as the limit) and network interface
 * ({@code <host>/net:NAME}). A value the platform cannot give (negative) is left out, not sent as 0.
 */
public final class HostBatches {
    private final String node;
    private final String family;
    private final Map<String, Long> sequences = new HashMap<>();

    public HostBatches(String node, String family) {
        this.node = node;
        this.family = family;
    }

    public List<MetricBatch> of(HostReading r, long nowMillis) {
        List<MetricBatch> out = new ArrayList<>();
        List<Sample> host = new ArrayList<>();
        List<Sample> limits = new ArrayList<>();
        add(host, MetricId.HOST_CPU, r.cpu());
        double[] load = r.loadAverage();
        add(host, MetricId.HOST_LOAD_1, load.length > 0 ? load[0] : -1);
        add(host, MetricId.HOST_LOAD_5, load.length > 1 ? load[1] : -1);
        add(host, MetricId.HOST_LOAD_15, load.length > 2 ? load[2] : -1);
        add(host, MetricId.HOST_MEMORY_TOTAL, r.memoryTotal());
        add(host, MetricId.HOST_MEMORY_USED, r.memoryTotal() - r.memoryAvailable());
        add(limits, MetricId.HOST_MEMORY_USED, r.memoryTotal());
        add(host, MetricId.HOST_SWAP_TOTAL, r.swapTotal());
        add(host, MetricId.HOST_SWAP_USED, r.swapUsed());
        if (r.swapTotal() > 0) {
            add(limits, MetricId.HOST_SWAP_USED, r.swapTotal());
        }
        add(host, MetricId.HOST_OPEN_FDS, r.openFileDescriptors());
        add(host, MetricId.HOST_MAX_FDS, r.maxFileDescriptors());
        if (r.maxFileDescriptors() > 0) {
            add(limits, MetricId.HOST_OPEN_FDS, r.maxFileDescriptors());
        }
        out.add(batch(node, host, limits, nowMillis));
        for (int i = 0; i < r.cpuPerCore().size(); i++) {
            List<Sample> core = new ArrayList<>(1);
            add(core, MetricId.HOST_CPU, r.cpuPerCore().get(i));
            out.add(batch(node + "/cpu:" + i, core, List.of(), nowMillis));
        }
        for (HostReading.FileSystemUse fs : r.fileSystems()) {
            List<Sample> s = new ArrayList<>(2);
            add(s, MetricId.HOST_FS_USED, fs.used());
            add(s, MetricId.HOST_FS_TOTAL, fs.total());
            out.add(batch(
                    node + "/fs:" + fs.mount(),
                    s,
                    List.of(new Sample(MetricId.HOST_FS_USED.id(), (double) fs.total())),
                    nowMillis));
        }
        for (HostReading.InterfaceCounters nif : r.interfaces()) {
            List<Sample> s = new ArrayList<>(4);
            add(s, MetricId.HOST_NET_BYTES_IN, nif.bytesIn());
            add(s, MetricId.HOST_NET_BYTES_OUT, nif.bytesOut());
            add(s, MetricId.HOST_NET_ERRORS_IN, nif.errorsIn());
            add(s, MetricId.HOST_NET_ERRORS_OUT, nif.errorsOut());
            out.add(batch(node + "/net:" + nif.name(), s, List.of(), nowMillis));
        }
        return out;
    }

    private MetricBatch batch(String id, List<Sample> samples, List<Sample> limits, long nowMillis) {
        long seq = sequences.merge(id, 1L, Long::sum) - 1;
        return MetricBatch.newBuilder()
                .setNode(id)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(nowMillis))
                .setSequence(seq)
                .setSamples(samples)
                .setLimits(limits)
                .build();
    }

    private static void add(List<Sample> samples, MetricId metric, double value) {
        if (value >= 0 && Double.isFinite(value)) {
            samples.add(new Sample(metric.id(), value));
        }
    }
}
