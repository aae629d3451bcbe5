package io.numbat.deployer.provider.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.numbat.deployer.provider.shell.Shell;
import io.numbat.deployer.provider.shell.ShellQuote;
import io.numbat.deployer.provider.shell.ShellResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code sh -c} on one remote host over SSH (JSch): one connection per host, opened on first use and
 * reopened after it drops, one exec channel per script. Host keys must be in {@code knownHosts}; errors
 * name the user, host, port and key file.
 */
public final class SshShell implements Shell {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final String user;
    private final Path keyFile;
    private final Path knownHosts;
    private Session session;
    private String erlangHost;

    public SshShell(String host, int port, String user, Path keyFile, Path knownHosts) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.keyFile = keyFile;
        this.knownHosts = knownHosts;
    }

    @Override
    public String host() {
        return host + ":" + port;
    }

    /** The remote host's short name ({@code hostname -s}), as Erlang's {@code -sname} uses it. */
    @Override
    public synchronized String erlangHost() throws IOException {
        if (erlangHost == null) {
            ShellResult r = run("hostname -s 2>/dev/null || hostname", CONNECT_TIMEOUT);
            String name = r.output().strip().lines().findFirst().orElse("");
            int dot = name.indexOf('.');
            name = dot < 0 ? name : name.substring(0, dot);
            if (!r.ok() || name.isEmpty()) {
                throw new IOException("cannot read the host name of " + host() + ": "
                        + r.output().strip());
            }
            erlangHost = name;
        }
        return erlangHost;
    }

    @Override
    public ShellResult run(String script, String input, Duration timeout) throws IOException {
        ChannelExec ch;
        try {
            ch = (ChannelExec) session().openChannel("exec");
        } catch (JSchException e) {
            throw new IOException("cannot open a channel to " + user + "@" + host() + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ch.setCommand("sh -c " + ShellQuote.quote(script));
        ch.setInputStream(input.isEmpty() ? null : new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        ch.setOutputStream(out, true);
        ch.setErrStream(out, true);
        try {
            ch.connect((int) CONNECT_TIMEOUT.toMillis());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ch.isClosed()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "the script on " + host() + " did not finish within " + timeout.toSeconds() + "s");
                }
                Thread.sleep(20);
            }
            return new ShellResult(ch.getExitStatus(), out.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            throw new IOException("cannot run a command on " + user + "@" + host() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            ch.disconnect();
        }
    }

    private synchronized Session session() throws IOException {
        if (session != null && session.isConnected()) {
            return session;
        }
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(knownHosts.toString());
            jsch.addIdentity(keyFile.toString());
            Session s = jsch.getSession(user, host, port);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval(15_000);
            s.setServerAliveCountMax(4);
            s.connect((int) CONNECT_TIMEOUT.toMillis());
            session = s;
            return s;
        } catch (JSchException e) {
            throw new IOException(explain(e), e);
        }
    }

    private String explain(JSchException e) {
        String msg = String.valueOf(e.getMessage());
        String target = user + "@" + host();
        if (msg.contains("HostKey")) {
            return "the host key of " + host() + " is not (or no longer) in " + knownHosts
                    + " (add it with: ssh-keyscan -p " + port + " " + host + " >> " + knownHosts + "): " + msg;
        }
        if (msg.contains("Auth fail") || msg.contains("Auth cancel")) {
            return target + " refused the key " + keyFile + ": " + msg;
        }
        if (msg.contains("invalid privatekey") || msg.contains("privatekey")) {
            return "cannot use the key file " + keyFile + ": " + msg;
        }
        return "cannot connect to " + target + " with the key " + keyFile + ": " + msg;
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }
}
