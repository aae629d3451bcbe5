package io.numbat.agent.erlang;

import java.net.URL;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Whether a JInterface that can talk to today's OTP nodes is on the class path. The build compiles
 * against Maven Central's {@code org.erlang.otp:jinterface:1.6.1}, which fails the distribution
 * handshake with OTP 23+ nodes; the tests and {@code ./numbat} run with the OTP installation's jar
 * (Debian: {@code erlang-jinterface}, {@code /usr/share/java/OtpErlang.jar}) instead.
 */
public final class JInterface {
    static final String INSTALL_HINT = "install Erlang's JInterface (Debian: apt-get install erlang-base "
            + "erlang-jinterface, which provides /usr/share/java/OtpErlang.jar) and run through ./numbat";

    private JInterface() {}

    /** Empty when the Erlang collector can run, else why it cannot. */
    public static Optional<String> unavailableReason() {
        Class<?> c;
        try {
            c = Class.forName("com.ericsson.otp.erlang.OtpSelf", false, JInterface.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(
                    "the Erlang collector is unavailable: JInterface is not on the class path; " + INSTALL_HINT);
        }
        String where = location(c);
        if (where.contains("/org/erlang/otp/jinterface/") || where.matches(".*jinterface-1\\.6\\.[0-9.]*jar$")) {
            return Optional.of(
                    "the Erlang collector is unavailable: the JInterface on the class path is Maven Central's "
                            + "org.erlang.otp:jinterface 1.6.1 (" + where + "), which cannot talk to OTP 23+ nodes; "
                            + INSTALL_HINT);
        }
        return Optional.empty();
    }

    /** Where the JInterface classes were loaded from, for logs. */
    public static String location() {
        try {
            return location(Class.forName("com.ericsson.otp.erlang.OtpSelf", false, JInterface.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return "(none)";
        }
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "(unknown)" : url.getPath();
    }
}
