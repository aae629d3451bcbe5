package io.numbat.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time, heap and resident memory of this JVM, as benchmarks report them. */
final class ProcessStats {
    private ProcessStats() {}

    /** CPU seconds this process has used (all threads, user and system). */
    static double cpuSeconds() {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** Heap in use after a full collection, in MB. */
    static double heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    static double maxHeapMb() {
        return Runtime.getRuntime().maxMemory() / 1048576.0;
    }

    /** Resident set size of this process from /proc, in MB; -1 where /proc is not there. */
    static double rssMb() {
        return rssMb(ProcessHandle.current().pid());
    }

    /** Resident set size of process {@code pid} from /proc, in MB; -1 where it cannot be read (gone, no /proc). */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
