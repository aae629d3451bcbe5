package io.numbat.console.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bare HTTP/1.1 client over a socket, for requests no well-behaved client would send (bad escapes,
 * raw bytes in the target, odd methods). One request per connection; the whole exchange is bounded by
 * a timeout, so a server that never answers fails the test instead of hanging it. An event stream's
 * answer stops at its headers.
 */
final class RawHttp implements AutoCloseable {
    /** An answer: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private final long timeoutMs;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-http");
        t.setDaemon(true);
        return t;
    });

    RawHttp(int port, long timeoutMs) {
        this.port = port;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Sends {@code method target} with the headers (Host and Content-Length added) and body.
     *
     * @throws TimeoutException when there is no complete answer within the timeout
     * @throws IOException when the connection closes before a complete answer
     */
    Answer send(String method, byte[] target, Map<String, String> headers, byte[] body) throws Exception {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write((method + " ").getBytes(StandardCharsets.ISO_8859_1));
        req.write(target);
        StringBuilder h = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        if (body.length > 0 || !method.equals("GET") && !method.equals("HEAD")) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        req.write(h.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        req.write(body);
        Socket socket = new Socket();
        Future<Answer> f = pool.submit(() -> exchange(socket, req.toByteArray(), method.equals("HEAD")));
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            socket.close();
            f.cancel(true);
        }
    }

    private Answer exchange(Socket socket, byte[] request, boolean head) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeoutMs);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        Future<?> writing = pool.submit(() -> {
            out.write(request);
            out.flush();
            return null;
        });
        try {
            int status;
            Map<String, String> headers;
            do { // skip interim answers (100 Continue)
                String statusLine = line(in);
                if (statusLine == null) {
                    throw new IOException("connection closed without an answer");
                }
                status = Integer.parseInt(statusLine.split(" ", 3)[1]);
                headers = new TreeMap<>();
                for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                    int colon = l.indexOf(':');
                    headers.put(
                            l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            l.substring(colon + 1).trim());
                }
            } while (status >= 100 && status < 200);
            String type = headers.getOrDefault("content-type", "");
            if (head || type.startsWith("text/event-stream") || status == 204 || status == 304) {
                return new Answer(status, headers, new byte[0]);
            }
            String length = headers.get("content-length");
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                return new Answer(status, headers, chunked(in));
            }
            return new Answer(
                    status, headers, length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length)));
        } finally {
            writing.cancel(true);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
        throw new IOException("connection closed inside a chunked body");
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
