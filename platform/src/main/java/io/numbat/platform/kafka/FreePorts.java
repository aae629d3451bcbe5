package io.numbat.platform.kafka;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds free loopback ports and checks that a chosen one is free, with a clear error if not. */
public final class FreePorts {
    private FreePorts() {
    }

    public static int pick() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PlatformException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
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
