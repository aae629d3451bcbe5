package io.numbat.platform.kafka;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds free loopback ports and checks that a chosen one is free, with a clear error if not. A port
 * handed out is not handed out again by this JVM: a child process (the registry, a broker) binds
 * its port some seconds after it was picked, and until then the kernel may offer it again.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int pick() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new PlatformException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new PlatformException("cannot find a free port on 127.0.0.1 that was not handed out before");
    }

    /** Returns {@code port} if nothing listens on it, otherwise fails naming who wanted it. */
    public static int requireFree(int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            throw new PlatformException("port " + port + " for " + what + " is already in use on 127.0.0.1");
        }
    }
}
