package io.numbat.agent.host;

import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * Reads the host through OSHI. CPU figures are the load between two consecutive reads, so the
 * first read reports 0 and later ones the interval's utilisation.
 */
public final class OshiHostReader {
    private final HardwareAbstractionLayer hardware;
    private final FileSystem fileSystem;
    private long[] previousTicks;
    private long[][] previousCoreTicks;

    public OshiHostReader() {
        SystemInfo si = new SystemInfo();
        this.hardware = si.getHardware();
        this.fileSystem = si.getOperatingSystem().getFileSystem();
        CentralProcessor cpu = hardware.getProcessor();
        this.previousTicks = cpu.getSystemCpuLoadTicks();
        this.previousCoreTicks = cpu.getProcessorCpuLoadTicks();
    }

    public HostReading read() {
        CentralProcessor cpu = hardware.getProcessor();
        double total = cpu.getSystemCpuLoadBetweenTicks(previousTicks);
        double[] perCore = cpu.getProcessorCpuLoadBetweenTicks(previousCoreTicks);
        previousTicks = cpu.getSystemCpuLoadTicks();
        previousCoreTicks = cpu.getProcessorCpuLoadTicks();
        List<Double> cores = new ArrayList<>(perCore.length);
        for (double c : perCore) {
            cores.add(c);
        }
        GlobalMemory memory = hardware.getMemory();
        List<HostReading.FileSystemUse> stores = new ArrayList<>();
        for (OSFileStore store : fileSystem.getFileStores(true)) {
            long totalSpace = store.getTotalSpace();
            if (totalSpace > 0) {
                stores.add(new HostReading.FileSystemUse(
                        store.getMount(), totalSpace - store.getUsableSpace(), totalSpace));
            }
        }
        List<HostReading.InterfaceCounters> interfaces = new ArrayList<>();
        for (NetworkIF nif : hardware.getNetworkIFs(true)) {
            interfaces.add(new HostReading.InterfaceCounters(
                    nif.getName(), nif.getBytesRecv(), nif.getBytesSent(), nif.getInErrors(), nif.getOutErrors()));
        }
        return new HostReading(
                total,
                cores,
                cpu.getSystemLoadAverage(3),
                memory.getTotal(),
                memory.getAvailable(),
                memory.getVirtualMemory().getSwapTotal(),
                memory.getVirtualMemory().getSwapUsed(),
                stores,
                interfaces,
                fileSystem.getOpenFileDescriptors(),
                fileSystem.getMaxFileDescriptors());
    }
}
