package io.numbat.agent.jvm;

import io.numbat.agent.collect.Collector;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.MalformedURLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM's vital signs through JMX: heap (with its maximum as the limit) and non-heap, GC counts
 * and time summed over collectors, threads, loaded classes. Either the agent's own JVM or a remote
 * one given a JMX service URL; a remote JVM that is away yields no batch and is reconnected on a
 * later tick.
 */
public final class JvmCollector implements Collector {
    private static final Logger LOG = LoggerFactory.getLogger(JvmCollector.class);

    private final String node;
    private final String family;
    private final JMXServiceURL url;
    private JMXConnector connector;
    private MBeanServerConnection connection;
    private long sequence;
    private boolean away;

    private JvmCollector(String node, String family, JMXServiceURL url) {
        this.node = node;
        this.family = family;
        this.url = url;
        if (url == null) {
            this.connection = ManagementFactory.getPlatformMBeanServer();
        }
    }

    /** The agent's own JVM. */
    public static JvmCollector local(String node, String family) {
        return new JvmCollector(node, family, null);
    }

    /** A remote JVM, e.g. {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi}. */
    public static JvmCollector remote(String jmxUrl, String node, String family) {
        try {
            return new JvmCollector(node, family, new JMXServiceURL(jmxUrl));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(
                    "--jvm: '" + jmxUrl + "' is not a JMX service URL: " + e.getMessage(), e);
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Optional<MetricBatch> collect(long nowMillis) {
        try {
            MBeanServerConnection c = connection();
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
                    c, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
                    c, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            ClassLoadingMXBean classes = ManagementFactory.newPlatformMXBeanProxy(
                    c, ManagementFactory.CLASS_LOADING_MXBEAN_NAME, ClassLoadingMXBean.class);
            long gcCount = 0;
            long gcMillis = 0;
            for (ObjectName name :
                    c.queryNames(new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
                GarbageCollectorMXBean gc =
                        ManagementFactory.newPlatformMXBeanProxy(c, name.toString(), GarbageCollectorMXBean.class);
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            MemoryUsage heap = memory.getHeapMemoryUsage();
            List<Sample> s = new ArrayList<>(8);
            s.add(new Sample(MetricId.JVM_HEAP_USED.id(), (double) heap.getUsed()));
            List<Sample> limits = new ArrayList<>(1);
            if (heap.getMax() > 0) {
                s.add(new Sample(MetricId.JVM_HEAP_MAX.id(), (double) heap.getMax()));
                limits.add(new Sample(MetricId.JVM_HEAP_USED.id(), (double) heap.getMax()));
            }
            s.add(new Sample(MetricId.JVM_NON_HEAP_USED.id(), (double)
                    memory.getNonHeapMemoryUsage().getUsed()));
            s.add(new Sample(MetricId.JVM_GC_COUNT.id(), (double) gcCount));
            s.add(new Sample(MetricId.JVM_GC_TIME.id(), (double) gcMillis));
            s.add(new Sample(MetricId.JVM_THREADS.id(), (double) threads.getThreadCount()));
            s.add(new Sample(MetricId.JVM_CLASSES_LOADED.id(), (double) classes.getLoadedClassCount()));
            if (away) {
                LOG.info("JVM {} at {} answers again", node, url);
                away = false;
            }
            return Optional.of(MetricBatch.newBuilder()
                    .setNode(node)
                    .setFamily(family)
                    .setTimestamp(Instant.ofEpochMilli(nowMillis))
                    .setSequence(sequence++)
                    .setSamples(s)
                    .setLimits(limits)
                    .build());
        } catch (IOException | UndeclaredThrowableException | JMException e) {
            if (!away) {
                LOG.warn("JVM {} at {} is unreachable ({}); retrying every tick", node, url, e.toString());
                away = true;
            }
            disconnect();
            return Optional.empty();
        }
    }

    private MBeanServerConnection connection() throws IOException {
        if (connection == null) {
            connector = JMXConnectorFactory.connect(url);
            connection = connector.getMBeanServerConnection();
        }
        return connection;
    }

    private void disconnect() {
        if (url == null) {
            return;
        }
        connection = null;
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException e) {
                // already gone
            }
            connector = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
