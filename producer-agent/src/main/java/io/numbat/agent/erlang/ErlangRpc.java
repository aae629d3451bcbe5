package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpAuthException;
import com.ericsson.otp.erlang.OtpConnection;
import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangExit;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMsg;
import com.ericsson.otp.erlang.OtpPeer;
import com.ericsson.otp.erlang.OtpSelf;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One JInterface connection to one node, as a hidden node, with {@code rpc:call}-style calls that
 * give up after a timeout. Not thread-safe: one caller at a time (the node's watcher). A call that
 * times out closes the connection (a late reply would be taken for the next call's), so the
 * caller reconnects. Error messages name the node and never contain the cookie. Messages the node sends to a
 * registered name of the agent's node (the {@code numbat_log} handler's) are handed to that name's consumer
 * ({@link #onMessage}) as they come in during calls.
 */
final class ErlangRpc implements AutoCloseable {
    private static final OtpErlangAtom REX = new OtpErlangAtom("rex");
    private static final OtpErlangAtom BADRPC = new OtpErlangAtom("badrpc");

    private final String node;
    private final OtpConnection connection;
    private final Duration timeout;
    private String mailbox;
    private Consumer<OtpErlangObject> mailboxConsumer = m -> {};

    private ErlangRpc(String node, OtpConnection connection, Duration timeout) {
        this.node = node;
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * Connects {@code self} to {@code node} within {@code timeout} (epmd lookup, TCP, handshake).
     * A handshake that hangs (a stopped node) is abandoned; its connection is closed if it ever completes.
     */
    static ErlangRpc connect(OtpSelf self, String node, Cookie cookie, Duration timeout) throws ErlangRpcException {
        CompletableFuture<OtpConnection> attempt = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        attempt.complete(self.connect(new OtpPeer(node)));
                    } catch (Exception | LinkageError e) {
                        attempt.completeExceptionally(e);
                    }
                },
                "numbat-erlang-connect-" + node);
        t.setDaemon(true);
        t.start();
        try {
            return new ErlangRpc(node, attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS), timeout);
        } catch (TimeoutException e) {
            attempt.thenAccept(OtpConnection::close);
            throw new ErlangRpcException(node + ": no handshake within " + timeout.toMillis() + " ms", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt.thenAccept(OtpConnection::close);
            throw new ErlangRpcException(node + ": interrupted while connecting", true);
        } catch (ExecutionException e) {
            throw new ErlangRpcException(node + ": " + cookie.redact(describe(node, e.getCause())), true);
        }
    }

    private static String describe(String node, Throwable e) {
        if (e instanceof OtpAuthException) {
            return "authentication failed, the node refused the cookie (wrong cookie?): " + e.getMessage();
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof UnknownHostException || message.contains("Nameserver not responding")) {
            // JInterface says "Nameserver not responding" both for a host that does not resolve and for no epmd
            String host = node.substring(node.indexOf('@') + 1);
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException unknown) {
                return "the host name " + host + " does not resolve (is the NAME@HOST right?)";
            }
            return "no epmd answers on " + host + " (is Erlang running there, is port 4369 reachable?): " + message;
        }
        if (e instanceof IOException
                && (message.contains("No remote node found") || message.contains("Cannot connect to peer"))) {
            return "node not found (is it running, is epmd reachable, is the name right?): " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Messages sent to the registered name {@code name} on the agent's node go to {@code consumer} (on the caller's
     * thread, during a call) instead of being taken for a call's reply.
     */
    void onMessage(String name, Consumer<OtpErlangObject> consumer) {
        this.mailbox = name;
        this.mailboxConsumer = consumer;
    }

    /** {@code Module:Function(Args...)} on the node; the result, or an exception for badrpc, timeout or a lost connection. */
    OtpErlangObject call(String module, String function, OtpErlangObject... args) throws ErlangRpcException {
        String what = module + ":" + function + "/" + args.length;
        OtpErlangObject reply;
        try {
            connection.sendRPC(module, function, args);
            reply = receiveReply(System.nanoTime() + timeout.toNanos());
        } catch (OtpErlangDecodeException e) {
            connection.close();
            throw new ErlangRpcException(node + ": " + what + " unreadable reply (" + e.getMessage() + ")", true);
        } catch (InterruptedException e) {
            // JInterface reports a receive timeout as InterruptedException
            boolean interrupted = Thread.interrupted();
            connection.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new ErlangRpcException(node + ": " + what + " interrupted", true);
            }
            throw new ErlangRpcException(
                    node + ": " + what + " got no answer within " + timeout.toMillis() + " ms", true);
        } catch (OtpErlangExit e) {
            connection.close();
            throw new ErlangRpcException(node + ": connection lost during " + what + " (" + e.reason() + ")", true);
        } catch (IOException | OtpAuthException e) {
            connection.close();
            throw new ErlangRpcException(node + ": connection lost during " + what + " (" + e.getMessage() + ")", true);
        }
        if (!(reply instanceof OtpErlangTuple rex) || rex.arity() != 2 || !REX.equals(rex.elementAt(0))) {
            // something else reached our mailbox: the real reply may still come and be taken for the next
            // call's, so start over on a fresh connection
            connection.close();
            throw new ErlangRpcException(node + ": " + what + " unexpected reply " + abbreviate(reply), true);
        }
        OtpErlangObject result = rex.elementAt(1);
        if (result instanceof OtpErlangTuple t && t.arity() == 2 && BADRPC.equals(t.elementAt(0))) {
            throw new ErlangRpcException(node + ": " + what + " failed: " + abbreviate(t.elementAt(1)), false);
        }
        return result;
    }

    /**
     * The next message that is not for the {@link #onMessage} name, waiting until {@code deadlineNanos}; JInterface's
     * way of saying it timed out is an {@link InterruptedException} (with the thread not interrupted).
     */
    private OtpErlangObject receiveReply(long deadlineNanos)
            throws InterruptedException, IOException, OtpErlangExit, OtpAuthException, OtpErlangDecodeException {
        while (true) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new InterruptedException("timed out");
            }
            OtpMsg msg = connection.receiveMsg(left);
            if (msg == null) {
                throw new InterruptedException("timed out");
            }
            if (mailbox != null && msg.type() == OtpMsg.regSendTag && mailbox.equals(msg.getRecipientName())) {
                mailboxConsumer.accept(msg.getMsg());
            } else {
                return msg.getMsg();
            }
        }
    }

    boolean connected() {
        return connection.isConnected();
    }

    String node() {
        return node;
    }

    private static String abbreviate(OtpErlangObject o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void close() {
        connection.close();
    }
}
